# The tests' PowerShell (see pwsh.ts): one JSON request per stdin line, one JSON answer per stdout line.
#   {"id", "op": "parse", "text"}          -> the parse errors, and every string constant and expandable
#                                             string of the AST with its offsets, kind and value
#   {"id", "op": "run", "text", "state"}   -> the text run in a fresh runspace (runspace.ps1) under the
#                                             stubs of stubs.ps1: the calls they recorded, the error it threw
$ErrorActionPreference = 'Stop'
[Console]::OutputEncoding = [System.Text.UTF8Encoding]::new($false)
$runner = Join-Path $PSScriptRoot 'runspace.ps1'
. $runner
# What every runspace starts with: the runner (for Invoke-Command) and the stubs.
$SmdrStubs = (Get-Content -Raw -LiteralPath $runner) + "`n" + (Get-Content -Raw -LiteralPath (Join-Path $PSScriptRoot 'stubs.ps1'))

function Read-Syntax([string]$text) {
  $tokens = $null
  $errors = $null
  $ast = [System.Management.Automation.Language.Parser]::ParseInput($text, [ref]$tokens, [ref]$errors)
  $strings = $ast.FindAll({
      param($node)
      $node -is [System.Management.Automation.Language.StringConstantExpressionAst] -or
      $node -is [System.Management.Automation.Language.ExpandableStringExpressionAst]
    }, $true) | ForEach-Object {
    [ordered]@{
      start = $_.Extent.StartOffset
      end   = $_.Extent.EndOffset
      kind  = [string]$_.StringConstantType
      ast   = $_.GetType().Name
      value = $_.Value
    }
  }
  [ordered]@{
    errors  = @($errors | ForEach-Object { [ordered]@{ start = $_.Extent.StartOffset; end = $_.Extent.EndOffset; message = $_.Message } })
    strings = @($strings)
  }
}

function Invoke-Stubbed([string]$text, [hashtable]$state) {
  $SmdrCalls = [System.Collections.Generic.List[object]]::new()
  $SmdrState = $state
  $failure = Invoke-SmdrRunspace $text $state.computerName @()
  [ordered]@{ calls = @($SmdrCalls); error = $failure }
}

while ($null -ne ($line = [Console]::In.ReadLine())) {
  if (-not $line.Trim()) { continue }
  $request = ConvertFrom-Json -AsHashtable $line
  $answer = if ($request.op -eq 'parse') { Read-Syntax $request.text } else { Invoke-Stubbed $request.text $request.state }
  $answer.id = $request.id
  [Console]::Out.WriteLine((ConvertTo-Json -Compress -Depth 12 -InputObject $answer))
  [Console]::Out.Flush()
}
