using NamndFollowUp.Benchmarks.KeyFigures;

// Settings: --municipalities N (default 290), --committees N (10), --activities N (40), --steady-seconds N (20), --rate N (1000/s),
// --replicas N (1): replicas of economy and of keyfigures, sharing their database and queues.
var settings = Settings.From(args);
await using var bench = new Bench(settings);
await bench.RunAsync();
