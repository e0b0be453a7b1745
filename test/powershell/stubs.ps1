# Stand-ins for the Windows-only commands the generated steps call. Each records the parameters it was
# bound to in $SmdrCalls and answers from $SmdrState (both set by host.ps1), so a test can check that
# every value arrived as the inventory holds it, and make the commands' own checks fail.
#   $SmdrState: computerName; services (name -> Running|Stopped, absent: not installed); failToStart
#   (names); exitCode (of the native tools); registry (what Get-ItemProperty answers); files (what
#   Get-ChildItem lists: names); managementPacks (names -> sealed); paths (Join-Path results by child);
#   existing (paths Test-Path finds besides real ones: registry keys).

function Save-SmdrCall([string]$Command, $Bound, $Extra) {
  $recorded = [ordered]@{}
  foreach ($key in $Bound.Keys) {
    $value = $Bound[$key]
    $recorded[$key] = if ($value -is [scriptblock]) { $value.ToString() }
    elseif ($value -is [switch]) { [bool]$value }
    elseif ($value -is [array]) { @($value | ForEach-Object { "$_" }) }
    else { "$value" }
  }
  if ($null -ne $Extra) { $recorded['args'] = @($Extra | ForEach-Object { "$_" }) }
  $SmdrCalls.Add([ordered]@{ command = $Command; parameters = $recorded })
}

function Get-Service {
  [CmdletBinding()] param([Parameter(Position = 0)][string[]]$Name)
  Save-SmdrCall 'Get-Service' $PSBoundParameters
  foreach ($n in $Name) {
    if ($SmdrState.services.ContainsKey($n)) { [pscustomobject]@{ Name = $n; Status = $SmdrState.services[$n] } }
    else { Write-Error "Cannot find any service with service name '$n'." }
  }
}

function Stop-Service {
  [CmdletBinding()] param([string[]]$Name, [switch]$Force)
  Save-SmdrCall 'Stop-Service' $PSBoundParameters
  foreach ($n in $Name) { $SmdrState.services[$n] = 'Stopped' }
}

function Start-Service {
  [CmdletBinding()] param([string[]]$Name)
  Save-SmdrCall 'Start-Service' $PSBoundParameters
  foreach ($n in $Name) { if ($n -notin $SmdrState.failToStart) { $SmdrState.services[$n] = 'Running' } }
}

function Get-Process {
  [CmdletBinding()] param([string[]]$Name)
  Save-SmdrCall 'Get-Process' $PSBoundParameters
  foreach ($n in $Name) { if ($n -in $SmdrState.processes) { [pscustomobject]@{ Name = $n } } }
}

# Runs the block as the remote computer would (runspace.ps1): in a runspace of its own, with
# $env:COMPUTERNAME the first label of -ComputerName, its -ArgumentList bound to its param().
function Invoke-Command {
  [CmdletBinding()] param([string[]]$ComputerName, [scriptblock]$ScriptBlock, [object[]]$ArgumentList)
  Save-SmdrCall 'Invoke-Command' $PSBoundParameters
  $block = "& {" + $ScriptBlock.ToString() + "`n} @SmdrArguments"
  $failure = Invoke-SmdrRunspace $block ($ComputerName[0] -split '\.')[0] $ArgumentList
  if ($null -ne $failure) { throw $failure }
}

# Executables are answered by the functions named like them below; other paths join as on Windows,
# or as $SmdrState.paths maps their child (a real temporary folder).
function Join-Path {
  [CmdletBinding()] param([Parameter(Position = 0)][string]$Path, [Parameter(Position = 1)][string]$ChildPath)
  Save-SmdrCall 'Join-Path' $PSBoundParameters
  if ($ChildPath -like '*.exe') { ($ChildPath -split '\\')[-1] }
  elseif ($SmdrState.paths.ContainsKey($ChildPath)) { $SmdrState.paths[$ChildPath] }
  else { "$Path\$ChildPath" }
}

function SecureStorageBackup.exe {
  Save-SmdrCall 'SecureStorageBackup.exe' @{} $args
  $global:LASTEXITCODE = $SmdrState.exitCode
}

function Setup.exe {
  Save-SmdrCall 'Setup.exe' @{} $args
  $global:LASTEXITCODE = $SmdrState.exitCode
}

function Start-Process {
  [CmdletBinding()] param([string]$FilePath, [string[]]$ArgumentList, [switch]$Wait)
  Save-SmdrCall 'Start-Process' $PSBoundParameters
}

function Get-ItemProperty {
  [CmdletBinding()] param([string]$LiteralPath, [string]$Path, [string[]]$Name)
  Save-SmdrCall 'Get-ItemProperty' $PSBoundParameters
  [pscustomobject]$SmdrState.registry
}

function Test-Path {
  [CmdletBinding()] param([string[]]$LiteralPath)
  Save-SmdrCall 'Test-Path' $PSBoundParameters
  foreach ($p in $LiteralPath) { ($p -in $SmdrState.existing) -or (Microsoft.PowerShell.Management\Test-Path -LiteralPath $p) }
}

function Remove-Item {
  [CmdletBinding()] param([string[]]$LiteralPath, [switch]$Recurse, [switch]$Force)
  Save-SmdrCall 'Remove-Item' $PSBoundParameters
  Microsoft.PowerShell.Management\Remove-Item @PSBoundParameters
}

function Get-ChildItem {
  [CmdletBinding()] param([string]$LiteralPath, [string]$Filter)
  Save-SmdrCall 'Get-ChildItem' $PSBoundParameters
  foreach ($name in $SmdrState.files) { [pscustomobject]@{ Name = $name; FullName = "$LiteralPath\$name" } }
}

function Invoke-Sqlcmd {
  [CmdletBinding()] param([string]$ServerInstance, [string]$Database, [string]$Query, [string]$InputFile,
    [int]$QueryTimeout, [switch]$DisableVariables)
  Save-SmdrCall 'Invoke-Sqlcmd' $PSBoundParameters
}

function Import-Module {
  [CmdletBinding()] param([Parameter(Position = 0)][string]$Name)
  Save-SmdrCall 'Import-Module' $PSBoundParameters
}

function Get-SCSMManagementPack {
  [CmdletBinding()] param()
  Save-SmdrCall 'Get-SCSMManagementPack' $PSBoundParameters
  foreach ($name in $SmdrState.managementPacks.Keys) { [pscustomobject]@{ Name = $name; Sealed = $SmdrState.managementPacks[$name] } }
}

function Export-SCSMManagementPack {
  [CmdletBinding()] param([Parameter(ValueFromPipeline)]$ManagementPack, [string]$Path)
  process {
    $bound = [ordered]@{ ManagementPack = $ManagementPack.Name; Path = $Path }
    Save-SmdrCall 'Export-SCSMManagementPack' $bound
  }
}

function Export-DbaLogin {
  [CmdletBinding()] param([string]$SqlInstance, [string]$FilePath)
  Save-SmdrCall 'Export-DbaLogin' $PSBoundParameters
}

function Export-DbaUser {
  [CmdletBinding()] param([string]$SqlInstance, [string]$Database, [string]$FilePath)
  Save-SmdrCall 'Export-DbaUser' $PSBoundParameters
}
