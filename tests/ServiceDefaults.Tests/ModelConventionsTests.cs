using Microsoft.EntityFrameworkCore;
using NamndFollowUp.ServiceDefaults.Data;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.SharedKernel.Scopes;

namespace NamndFollowUp.ServiceDefaults.Tests;

/// <summary>The suite's model conventions as a service's model sees them: built with Npgsql, no database needed.</summary>
public sealed class ModelConventionsTests
{
    private sealed class Figure : IPeriodScoped
    {
        public long Id { get; set; }
        public string MunicipalityCode { get; set; } = "";
        public string CommitteeCode { get; set; } = "";
        public int Year { get; set; }
        public int PeriodPoint { get; set; }
        public decimal Amount { get; set; }
        public decimal? Forecast { get; set; }
    }

    private sealed class Catalogue : IMunicipalityScoped
    {
        public long Id { get; set; }
        public string MunicipalityCode { get; set; } = "";
        /// <summary>Not scoped: a committee code here is data, not the scope, and keeps its own width.</summary>
        public string CommitteeCode { get; set; } = "";
    }

    private sealed class Unscoped
    {
        public long Id { get; set; }
        public string MunicipalityCode { get; set; } = "";
    }

    private sealed class Context(DbContextOptions<Context> options) : DbContext(options)
    {
        protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) => configurationBuilder.AddSuiteConventions();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Figure>();
            modelBuilder.Entity<Catalogue>();
            modelBuilder.Entity<Unscoped>();
        }
    }

    private static Microsoft.EntityFrameworkCore.Metadata.IModel Model()
    {
        using var db = new Context(new DbContextOptionsBuilder<Context>().UseNpgsql("Host=localhost;Database=unused").Options);
        return db.Model;
    }

    [Fact]
    public void A_period_scoped_entity_gets_a_four_character_municipality_code_and_a_32_character_committee_code()
    {
        var figure = Model().FindEntityType(typeof(Figure))!;

        Assert.Equal(4, figure.FindProperty(nameof(Figure.MunicipalityCode))!.GetMaxLength());
        Assert.Equal(32, figure.FindProperty(nameof(Figure.CommitteeCode))!.GetMaxLength());
        Assert.Equal("character varying(4)", figure.FindProperty(nameof(Figure.MunicipalityCode))!.GetColumnType());
    }

    [Fact]
    public void Every_amount_is_an_exact_numeric_without_precision_nullable_or_not()
    {
        var figure = Model().FindEntityType(typeof(Figure))!;

        Assert.Equal("numeric", figure.FindProperty(nameof(Figure.Amount))!.GetColumnType());
        Assert.Equal("numeric", figure.FindProperty(nameof(Figure.Forecast))!.GetColumnType());
        Assert.Null(figure.FindProperty(nameof(Figure.Amount))!.GetPrecision());
    }

    [Fact]
    public void Only_the_declared_scope_gets_widths_a_property_that_merely_shares_the_name_stays_text()
    {
        var model = Model();
        var catalogue = model.FindEntityType(typeof(Catalogue))!;
        var unscoped = model.FindEntityType(typeof(Unscoped))!;

        Assert.Equal(4, catalogue.FindProperty(nameof(Catalogue.MunicipalityCode))!.GetMaxLength());
        Assert.Null(catalogue.FindProperty(nameof(Catalogue.CommitteeCode))!.GetMaxLength());
        Assert.Null(unscoped.FindProperty(nameof(Unscoped.MunicipalityCode))!.GetMaxLength());
    }

    [Fact]
    public void ForPeriod_keeps_exactly_the_rows_of_the_committee_and_period()
    {
        Figure Row(string m, string c, int year, int point) => new() { MunicipalityCode = m, CommitteeCode = c, Year = year, PeriodPoint = point };
        var rows = new[]
        {
            Row("0380", "SCN", 2024, 14), Row("0380", "SCN", 2024, 13), Row("0380", "SCN", 2023, 14),
            Row("0380", "UBN", 2024, 14), Row("0180", "SCN", 2024, 14), Row("0380", "SCN", 2024, 14),
        };

        var kept = rows.AsQueryable().ForPeriod("0380", "SCN", new PeriodKey(2024, PeriodKey.FullYear)).ToList();

        Assert.Equal(new[] { rows[0], rows[5] }, kept);
        Assert.Equal(4, rows.AsQueryable().ForCommittee("0380", "SCN").Count());
        Assert.Equal(3, rows.AsQueryable().ForMunicipalityPeriod("0380", new PeriodKey(2024, 14)).Count());
    }
}
