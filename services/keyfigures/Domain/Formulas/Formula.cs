using System.Globalization;
using System.Text;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.KeyFigures.Domain.Formulas;

/// <summary>
/// A key figure's formula as a tree: numbers, input names, + − × / and parentheses. Formulas are data
/// written by the municipal office, so they are parsed into this tree and walked; never run as code.
/// </summary>
public abstract record Expr;

public sealed record NumberExpr(decimal Value) : Expr;

public sealed record InputExpr(string Name) : Expr;

public sealed record NegateExpr(Expr Operand) : Expr;

public sealed record BinaryExpr(char Op, Expr Left, Expr Right) : Expr;

/// <summary>A formula that does not parse; the position is 0-based into the text.</summary>
public sealed class FormulaSyntaxException(string message, int position) : Exception(message)
{
    public int Position { get; } = position;
}

/// <summary>The value of an expression, or why it has none (a missing input, a zero divisor).</summary>
public sealed record Evaluation(decimal? Value, string? NotComputableReason)
{
    public static Evaluation Of(decimal value) => new(value, null);
    public static Evaluation NotComputable(string reason) => new(null, reason);
    public bool Computable => Value is not null;
}

public static class Formula
{
    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormulaSyntaxException"/> naming what is wrong and where.</summary>
    public static Expr Parse(string text)
    {
        text ??= "";
        if (text.Length > DomainLimits.FormulaMaxLength)
        {
            throw new FormulaSyntaxException($"the formula is longer than {DomainLimits.FormulaMaxLength} characters ({text.Length})", DomainLimits.FormulaMaxLength);
        }
        return new Parser(text).ParseAll();
    }

    /// <summary>Every input name the expression refers to, in order of first appearance.</summary>
    public static IReadOnlyList<string> Inputs(Expr expr)
    {
        var names = new List<string>();
        Walk(expr, e =>
        {
            if (e is InputExpr i && !names.Contains(i.Name))
            {
                names.Add(i.Name);
            }
        });
        return names;
    }

    /// <summary>The right-hand side of every division in the expression.</summary>
    public static IReadOnlyList<Expr> Divisors(Expr expr)
    {
        var divisors = new List<Expr>();
        Walk(expr, e =>
        {
            if (e is BinaryExpr { Op: '/' } b)
            {
                divisors.Add(b.Right);
            }
        });
        return divisors;
    }

    /// <summary>Only sums and differences: such a result can be checked against its rounded parts.</summary>
    public static bool IsAdditive(Expr expr) => expr switch
    {
        NumberExpr or InputExpr => true,
        NegateExpr n => IsAdditive(n.Operand),
        BinaryExpr { Op: '+' or '-' } b => IsAdditive(b.Left) && IsAdditive(b.Right),
        _ => false,
    };

    public static Evaluation Evaluate(Expr expr, Func<string, Evaluation> input) => expr switch
    {
        NumberExpr n => Evaluation.Of(n.Value),
        InputExpr i => input(i.Name),
        NegateExpr n => Evaluate(n.Operand, input) is { Value: { } v } ? Evaluation.Of(-v) : Evaluate(n.Operand, input),
        BinaryExpr b => EvaluateBinary(b, input),
        _ => throw new InvalidOperationException($"Unknown expression {expr}"),
    };

    private static Evaluation EvaluateBinary(BinaryExpr b, Func<string, Evaluation> input)
    {
        var left = Evaluate(b.Left, input);
        if (left.Value is not { } l)
        {
            return left;
        }
        var right = Evaluate(b.Right, input);
        if (right.Value is not { } r)
        {
            return right;
        }
        try
        {
            switch (b.Op)
            {
                case '+': return Evaluation.Of(l + r);
                case '-': return Evaluation.Of(l - r);
                case '*': return Evaluation.Of(l * r);
                default:
                    return r == 0
                        ? Evaluation.NotComputable($"the divisor '{Print(b.Right)}' is zero")
                        : Evaluation.Of(l / r);
            }
        }
        catch (OverflowException)
        {
            // Inputs are below 10^15 (DomainLimits), but a product or a quotient of them need not be below
            // decimal's 7.9·10^28: the figure is then not computable, and the sheet says why, like a zero divisor.
            return Evaluation.NotComputable($"'{Print(b)}' is out of range (beyond ±7.9·10^28)");
        }
    }

    /// <summary>The expression written back as text with the minimum of parentheses.</summary>
    public static string Print(Expr expr) => Print(expr, i => i.Name, n => n.ToString(CultureInfo.InvariantCulture), "-");

    /// <summary>Prints with each input and number written by the caller, e.g. as rounded Swedish amounts.</summary>
    public static string Print(Expr expr, Func<InputExpr, string> input, Func<decimal, string> number, string minus) => expr switch
    {
        NumberExpr n => number(n.Value),
        InputExpr i => input(i),
        NegateExpr n => minus + Wrap(n.Operand, 3, input, number, minus),
        BinaryExpr b => $"{Wrap(b.Left, Precedence(b.Op), input, number, minus)} {(b.Op == '-' ? minus : b.Op.ToString())} {Wrap(b.Right, Precedence(b.Op) + 1, input, number, minus)}",
        _ => expr.ToString()!,
    };

    private static string Wrap(Expr e, int minPrecedence, Func<InputExpr, string> input, Func<decimal, string> number, string minus) =>
        e is BinaryExpr b && Precedence(b.Op) < minPrecedence ? $"({Print(e, input, number, minus)})" : Print(e, input, number, minus);

    private static int Precedence(char op) => op is '+' or '-' ? 1 : 2;

    private static void Walk(Expr expr, Action<Expr> visit)
    {
        visit(expr);
        switch (expr)
        {
            case NegateExpr n:
                Walk(n.Operand, visit);
                break;
            case BinaryExpr b:
                Walk(b.Left, visit);
                Walk(b.Right, visit);
                break;
        }
    }

    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 64 && (char.IsAsciiLetter(name[0]) || name[0] == '_')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>Recursive descent: expr := term (('+'|'-') term)*; term := unary (('*'|'/') unary)*; unary := '-' unary | primary.</summary>
    private sealed class Parser(string text)
    {
        private int _pos;
        // Parentheses and signs open a level of recursion each: bounded, so no formula overflows the stack.
        private int _depth;

        private void Enter()
        {
            if (++_depth > DomainLimits.FormulaMaxDepth)
            {
                throw new FormulaSyntaxException($"the formula nests deeper than {DomainLimits.FormulaMaxDepth} levels of parentheses and signs", _pos);
            }
        }

        public Expr ParseAll()
        {
            SkipSpace();
            if (_pos >= text.Length)
            {
                throw new FormulaSyntaxException("the formula is empty", 0);
            }
            var expr = ParseSum();
            SkipSpace();
            if (_pos < text.Length)
            {
                throw Unexpected();
            }
            return expr;
        }

        private Expr ParseSum()
        {
            var left = ParseProduct();
            while (TryOperator(out var op, '+', '-'))
            {
                left = new BinaryExpr(op, left, ParseProduct());
            }
            return left;
        }

        private Expr ParseProduct()
        {
            var left = ParseUnary();
            while (TryOperator(out var op, '*', '/'))
            {
                left = new BinaryExpr(op, left, ParseUnary());
            }
            return left;
        }

        private Expr ParseUnary()
        {
            SkipSpace();
            if (_pos < text.Length && Normalize(text[_pos]) == '-')
            {
                _pos++;
                Enter();
                var operand = ParseUnary();
                _depth--;
                return new NegateExpr(operand);
            }
            return ParsePrimary();
        }

        private Expr ParsePrimary()
        {
            SkipSpace();
            if (_pos >= text.Length)
            {
                throw new FormulaSyntaxException($"the formula ends where a number, an input name or '(' was expected", _pos);
            }
            var c = text[_pos];
            if (c == '(')
            {
                var open = _pos++;
                Enter();
                var inner = ParseSum();
                _depth--;
                SkipSpace();
                if (_pos >= text.Length || text[_pos] != ')')
                {
                    throw new FormulaSyntaxException($"the '(' at position {open + 1} is not closed", _pos);
                }
                _pos++;
                return inner;
            }
            if (char.IsAsciiDigit(c))
            {
                return ParseNumber();
            }
            if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = _pos;
                while (_pos < text.Length && (char.IsAsciiLetterOrDigit(text[_pos]) || text[_pos] == '_'))
                {
                    _pos++;
                }
                return new InputExpr(text[start.._pos]);
            }
            throw Unexpected();
        }

        private NumberExpr ParseNumber()
        {
            var start = _pos;
            while (_pos < text.Length && (char.IsAsciiDigit(text[_pos]) || text[_pos] == '.'))
            {
                _pos++;
            }
            if (_pos < text.Length && text[_pos] == ',' && _pos + 1 < text.Length && char.IsAsciiDigit(text[_pos + 1]))
            {
                throw new FormulaSyntaxException($"'{text[start.._pos]},{text[_pos + 1]}…' has a decimal comma; write numbers with '.' (e.g. 12.5)", _pos);
            }
            var literal = text[start.._pos];
            if (!decimal.TryParse(literal, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                throw new FormulaSyntaxException($"'{literal}' is not a number", start);
            }
            if (_pos < text.Length && (char.IsAsciiLetter(text[_pos]) || text[_pos] == '_'))
            {
                throw new FormulaSyntaxException($"'{literal}' is followed by '{text[_pos]}'; input names start with a letter", _pos);
            }
            return new NumberExpr(value);
        }

        private bool TryOperator(out char op, char first, char second)
        {
            SkipSpace();
            op = _pos < text.Length ? Normalize(text[_pos]) : '\0';
            if (op == first || op == second)
            {
                _pos++;
                return true;
            }
            return false;
        }

        // People paste formulas from Word and Excel: accept the typographic operators too.
        private static char Normalize(char c) => c switch
        {
            '−' or '–' => '-',
            '×' or '·' => '*',
            '÷' => '/',
            _ => c,
        };

        private void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
            {
                _pos++;
            }
        }

        private FormulaSyntaxException Unexpected()
        {
            var rest = new StringBuilder();
            for (var i = _pos; i < text.Length && rest.Length < 20 && !char.IsWhiteSpace(text[i]); i++)
            {
                rest.Append(text[i]);
            }
            return new FormulaSyntaxException(
                $"unexpected '{rest}' at position {_pos + 1}; a formula has numbers, input names, + - * / and parentheses", _pos);
        }
    }
}
