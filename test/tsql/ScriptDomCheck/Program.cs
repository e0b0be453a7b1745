// One request per stdin line, one answer per stdout line, until stdin ends:
//   {"id": 1, "text": "SELECT 1;"}  ->  {"id": 1, "errors": [...], "tokens": [...], "statements": [...]}
// errors: what TSql160Parser refused (offset, line, column, message); tokens: the whole token stream
// (type name, offset, text); statements: the type of each parsed statement, in order.
using System.Text.Json;
using Microsoft.SqlServer.TransactSql.ScriptDom;

var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
using var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
using var input = new StreamReader(Console.OpenStandardInput());
string? line;
while ((line = input.ReadLine()) != null)
{
    if (line.Length == 0) continue;
    var request = JsonSerializer.Deserialize<Request>(line, options)!;
    var parser = new TSql160Parser(initialQuotedIdentifiers: true);
    var fragment = parser.Parse(new StringReader(request.Text), out var errors);
    var statements = fragment is TSqlScript script
        ? script.Batches.SelectMany(b => b.Statements).Select(s => s.GetType().Name).ToList()
        : new List<string>();
    var tokens = (fragment?.ScriptTokenStream ?? new List<TSqlParserToken>())
        .Select(t => new Token(t.TokenType.ToString(), t.Offset, t.Text ?? ""))
        .ToList();
    var answer = new Answer(
        request.Id,
        errors.Select(e => new ParseError(e.Offset, e.Line, e.Column, e.Message)).ToList(),
        tokens,
        statements);
    output.WriteLine(JsonSerializer.Serialize(answer, options));
}

record Request(int Id, string Text);
record Token(string Type, int Offset, string Text);
record ParseError(int Offset, int Line, int Column, string Message);
record Answer(int Id, List<ParseError> Errors, List<Token> Tokens, List<string> Statements);
