package dashboards

import (
	"fmt"
	"html/template"
	"io"
	"sync"

	"jixiao/queries"
	"jixiao/queries/accounts"
)

// UsersData is /admin/users (SPEC §14): the accounts the user sees and,
// for a manager, the forms to create one and to change the one in Edit.
type UsersData struct {
	Page
	Flash
	Title     string
	Users     []accounts.UserRecord
	CanManage bool
	Units     []queries.Unit // where the user may place accounts
	Roles     []string       // the roles the user may grant
	Edit      *accounts.UserRecord
	Form      accounts.UserInput // the create form as last sent
}

// SettingsGroup is one area of /admin/settings.
type SettingsGroup struct {
	Area     string
	Settings []SettingRow
}

// SettingRow is one setting with whether the user may change it.
type SettingRow struct {
	queries.SettingValue
	Text        string // the value as the form shows it
	DefaultText string
	Editable    bool
}

// SettingsData is /admin/settings.
type SettingsData struct {
	Page
	Flash
	Title  string
	Groups []SettingsGroup
}

var (
	accOnce sync.Once
	accT    map[string]*template.Template
	accErr  error
)

var accountFiles = map[string]string{"users": "templates/admin_users.html", "settings": "templates/admin_settings.html"}

// RenderAccounts writes /admin/users ("users") or /admin/settings ("settings").
func RenderAccounts(w io.Writer, name string, data any) error {
	accOnce.Do(func() {
		accT, accErr = parsePages(workflowFuncMap(), accountFiles, "templates/workflow_parts.html")
	})
	if accErr != nil {
		return accErr
	}
	t, ok := accT[name]
	if !ok {
		return fmt.Errorf("dashboards: no accounts page %q", name)
	}
	return t.ExecuteTemplate(w, "layout", data)
}
