package queries

// Account is a user as sign-in and authorization see it: the identity
// every room reads (scopes, rights, notifications); the accounts room
// (queries/accounts) signs it in and keeps it.
type Account struct {
	Username  string `json:"username"`
	Name      string `json:"name"`
	UnitCode  string `json:"unit_code"`
	Role      string `json:"role"`
	UnitLevel string `json:"-"` // province, city or county: the casbin domain of the user
	Auth      string `json:"-"` // local or ldap (SPEC §14)
	Disabled  bool   `json:"-"` // a disabled account signs in nowhere
}
