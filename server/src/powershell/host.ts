/**
 * The script the PowerShell helper runs: it reads `{"id", "text"}` lines and answers each with the
 * syntax errors of PowerShell's own parser (offsets into the text, UTF-16 code units like JavaScript's).
 * It only parses: nothing in a runbook is ever run by it. Works in pwsh 7 and Windows PowerShell 5.1.
 */
export const HOST_SCRIPT = `
$ErrorActionPreference = 'Stop'
$utf8 = New-Object System.Text.UTF8Encoding $false
[Console]::OutputEncoding = $utf8
$out = [Console]::Out
while ($null -ne ($line = [Console]::In.ReadLine())) {
  if (-not $line.Trim()) { continue }
  $request = ConvertFrom-Json $line
  $tokens = $null
  $errors = $null
  $null = [System.Management.Automation.Language.Parser]::ParseInput([string]$request.text, [ref]$tokens, [ref]$errors)
  $found = @($errors | ForEach-Object { @{ start = $_.Extent.StartOffset; end = $_.Extent.EndOffset; message = $_.Message } })
  $out.WriteLine((ConvertTo-Json -Compress -Depth 4 -InputObject @{ id = $request.id; errors = $found }))
  $out.Flush()
}
`;

export interface SyntaxError {
  start: number;
  end: number;
  message: string;
}

/** The errors of one answer, or undefined when it is not what the script writes. */
export function errorsOf(answer: unknown, textLength: number): SyntaxError[] | undefined {
  const errors = (answer as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return undefined;
  const valid = errors.every((e: Partial<SyntaxError> | null) => {
    const { start, end, message } = e ?? {};
    return (
      Number.isInteger(start) &&
      Number.isInteger(end) &&
      start! >= 0 &&
      start! <= end! &&
      end! <= textLength &&
      typeof message === 'string'
    );
  });
  return valid
    ? (errors as SyntaxError[]).map(({ start, end, message }) => ({ start, end, message }))
    : undefined;
}
