# Runs $Text in a fresh runspace under the stubs, sharing this run's recorded calls and state, with
# $env:COMPUTERNAME set to $Computer (as on that computer); answers the message of the error it threw,
# or $null. Used by host.ps1 for a command, and by the Invoke-Command stub for its script block, so
# that no variable of the caller reaches the block, as in a remote session.
function Invoke-SmdrRunspace([string]$Text, [string]$Computer, [object[]]$Arguments) {
  $saved = $env:COMPUTERNAME
  $env:COMPUTERNAME = $Computer
  $runspace = [runspacefactory]::CreateRunspace()
  try {
    $runspace.Open()
    foreach ($name in 'SmdrCalls', 'SmdrState', 'SmdrStubs') {
      $runspace.SessionStateProxy.SetVariable($name, (Get-Variable -Name $name -ValueOnly))
    }
    $runspace.SessionStateProxy.SetVariable('SmdrArguments', [object[]]@($Arguments))
    $shell = [powershell]::Create()
    $shell.Runspace = $runspace
    $null = $shell.AddScript($SmdrStubs + "`n" + $Text).Invoke()
    $null
  } catch {
    $e = $_.Exception
    while ($e.InnerException) { $e = $e.InnerException }
    $e.Message
  } finally {
    $runspace.Dispose()
    $env:COMPUTERNAME = $saved
  }
}
