; Inno Setup script for crmdesk: a per-user install (no administrator rights), Start menu and desktop shortcuts,
; and an uninstaller that keeps the store's data unless the user ticks the box to delete it.
;
; Build on Windows (see README.md):  python build_spec.py  then  iscc installers\windows\crmdesk.iss
; The version comes from crmdesk.__version__: build_spec.py writes it into crmdesk.exe's version resource and this
; script reads it back (or pass /DAppVersion=1.2.3 to iscc).

#define AppName "crmdesk"
#define AppPublisher "crmdesk"
#define AppExeName "crmdesk.exe"
#define DistDir AddBackslash(SourcePath) + "..\..\dist\crmdesk"
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(DistDir + "\" + AppExeName, "ProductVersion")
#endif
#if AppVersion == ""
  #error Could not read the version from dist\crmdesk\crmdesk.exe: run "python build_spec.py" first, or pass /DAppVersion=...
#endif

[Setup]
; Never change AppId: Windows finds the installed copy (for upgrades and the uninstaller) by it.
AppId={{6F1C2B7E-3C55-4B8E-9C4A-2E8D1B7A90C1}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersion}
; Per user: installs into %LOCALAPPDATA%\Programs\crmdesk, shortcuts for this user only, no UAC prompt.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName} 顧客カルテ
SetupIconFile=..\..\resources\icons\app\crmdesk.ico
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist\installer
OutputBaseFilename=crmdesk-{#AppVersion}-windows-x64-setup
; Close a running crmdesk before files are replaced (Restart Manager).
CloseApplications=yes

[Languages]
Name: "ja"; MessagesFile: "compiler:Languages\Japanese.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
ja.AppComment=お店の顧客カード・顧客カルテ
en.AppComment=Customer cards for small stores
ja.DeleteDataTitle=crmdesk のアンインストール
en.DeleteDataTitle=Uninstall crmdesk
ja.DeleteDataNote=crmdesk のプログラムを削除します。お店のデータ（顧客データベース・バックアップ・設定・ログ）は%n%1%nに残ります。もう一度インストールすると、そのまま使えます。
en.DeleteDataNote=The crmdesk program will be removed. The store's data (customer database, backups, settings, logs) stays in%n%1%nand is used again when crmdesk is reinstalled.
ja.DeleteDataBox=お店のデータも削除する（元に戻せません）
en.DeleteDataBox=Also delete the store's data (cannot be undone)
ja.DeleteDataConfirm=顧客データベースとバックアップをすべて削除します。よろしいですか？
en.DeleteDataConfirm=This deletes the customer database and every backup. Are you sure?

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"; Comment: "{cm:AppComment}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; Comment: "{cm:AppComment}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the program itself left beside its files; never the data folder (see [Code]).
Type: filesandordirs; Name: "{app}\_internal\__pycache__"

[Code]
{ The store's data lives where crmdesk.paths puts it on Windows (platformdirs, no author folder):
  %LOCALAPPDATA%\crmdesk  (database crmdesk.sqlite3, backups\, settings.json, Logs\).
  It is outside {app}, so uninstalling the program never touches it unless the box below is ticked. }
var
  DeleteData: Boolean;

function DataDir(): String;
begin
  Result := ExpandConstant('{localappdata}\crmdesk');
end;

function AskAboutData(): Boolean;
var
  Form: TSetupForm;
  Note: TNewStaticText;
  Box: TNewCheckBox;
  OkButton, CancelButton: TNewButton;
begin
#if Ver >= EncodeVer(6, 6, 0)
  Form := CreateCustomForm(420, 170, False, True);
#else
  Form := CreateCustomForm;
  Form.ClientWidth := ScaleX(420);
  Form.ClientHeight := ScaleY(170);
#endif
  try
    Form.Caption := CustomMessage('DeleteDataTitle');
    Form.Position := poScreenCenter;

    Note := TNewStaticText.Create(Form);
    Note.Parent := Form;
    Note.Left := ScaleX(12);
    Note.Top := ScaleY(12);
    Note.Width := Form.ClientWidth - ScaleX(24);
    Note.AutoSize := False;
    Note.WordWrap := True;
    Note.Height := ScaleY(72);
    Note.Caption := FmtMessage(CustomMessage('DeleteDataNote'), [DataDir()]);

    Box := TNewCheckBox.Create(Form);
    Box.Parent := Form;
    Box.Left := ScaleX(12);
    Box.Top := Note.Top + Note.Height + ScaleY(8);
    Box.Width := Form.ClientWidth - ScaleX(24);
    Box.Height := ScaleY(20);
    Box.Caption := CustomMessage('DeleteDataBox');
    Box.Checked := False;

    OkButton := TNewButton.Create(Form);
    OkButton.Parent := Form;
    OkButton.Width := ScaleX(90);
    OkButton.Height := ScaleY(26);
    OkButton.Left := Form.ClientWidth - ScaleX(12 + 90 + 8 + 90);
    OkButton.Top := Form.ClientHeight - ScaleY(26 + 12);
    OkButton.Caption := SetupMessage(msgButtonOK);
    OkButton.ModalResult := mrOk;
    OkButton.Default := True;

    CancelButton := TNewButton.Create(Form);
    CancelButton.Parent := Form;
    CancelButton.Width := ScaleX(90);
    CancelButton.Height := ScaleY(26);
    CancelButton.Left := Form.ClientWidth - ScaleX(12 + 90);
    CancelButton.Top := OkButton.Top;
    CancelButton.Caption := SetupMessage(msgButtonCancel);
    CancelButton.ModalResult := mrCancel;
    CancelButton.Cancel := True;

    Form.ActiveControl := OkButton;
    Result := Form.ShowModal() = mrOk;
    DeleteData := Result and Box.Checked;
  finally
    Form.Free();
  end;
end;

function InitializeUninstall(): Boolean;
begin
  DeleteData := False;
  Result := True;
  { A silent uninstall (upgrades, IT scripts) always keeps the data. }
  if UninstallSilent() or not DirExists(DataDir()) then
    Exit;
  Result := AskAboutData();
  if Result and DeleteData then
    DeleteData := MsgBox(CustomMessage('DeleteDataConfirm'), mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and DeleteData then
    DelTree(DataDir(), True, True, True);
end;
