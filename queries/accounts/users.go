package accounts

import (
	"context"
	"database/sql"
	"fmt"

	"jixiao/queries"
)

// Profile is who an account is: what a new account gives (UserInput) and
// what the users API and page show of it (UserRecord).
type Profile struct {
	Username string `json:"username"`
	Name     string `json:"name"`
	UnitCode string `json:"unit_code"`
	Role     string `json:"role"`
	Auth     string `json:"auth"`
	Email    string `json:"email"`
}

// UserRecord is an account as the users API and page show it (SPEC §14),
// never with its password hash.
type UserRecord struct {
	Profile
	Disabled bool `json:"disabled"`
}

const userCols = `username, name, unit_code, role, coalesce(auth, 'local'), coalesce(email, ''), coalesce(disabled, false)`

func scanUser(sc interface{ Scan(...any) error }) (*UserRecord, error) {
	var u UserRecord
	if err := sc.Scan(&u.Username, &u.Name, &u.UnitCode, &u.Role, &u.Auth, &u.Email, &u.Disabled); err != nil {
		return nil, err
	}
	return &u, nil
}

func userRecord(ctx context.Context, x queries.Execer, username string) (*UserRecord, error) {
	u, err := scanUser(x.QueryRowContext(ctx, "SELECT "+userCols+" FROM users WHERE username = ?", username))
	if err == sql.ErrNoRows {
		return nil, queries.ErrNotFound
	}
	return u, err
}

// Users lists the accounts the manager sees (its subtree; an admin every
// one), by unit then username.
func (b *Book) Users(ctx context.Context, m Manager) ([]UserRecord, error) {
	ctx, cancel := queries.WithTimeout(ctx)
	defer cancel()
	rows, err := b.db().QueryContext(ctx, `SELECT `+userCols+` FROM users
		WHERE ? OR unit_code IN (SELECT descendant FROM unit_tree WHERE ancestor = ?)
		ORDER BY unit_code, username LIMIT 100000`, m.seesAll(), m.UnitCode)
	if err != nil {
		return nil, fmt.Errorf("users: %w", err)
	}
	defer rows.Close()
	out := []UserRecord{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *u)
	}
	return out, rows.Err()
}

// User is one account the manager sees, or ErrNotFound.
func (b *Book) User(ctx context.Context, m Manager, username string) (*UserRecord, error) {
	u, err := userRecord(ctx, b.db(), username)
	if err != nil {
		return nil, err
	}
	if err := m.mustSee(ctx, b.db(), u.UnitCode); err != nil {
		return nil, err
	}
	return u, nil
}
