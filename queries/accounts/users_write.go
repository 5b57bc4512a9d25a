package accounts

import (
	"context"
	"fmt"
	"strings"

	"jixiao/queries"
)

// UserInput is a new account (POST /api/users).
type UserInput struct {
	Profile
	Password string `json:"password"`
}

// UserPatch is a change of an account (PUT /api/users/{username}); a nil
// field stays as it is.
type UserPatch struct {
	Name     *string `json:"name"`
	UnitCode *string `json:"unit_code"`
	Role     *string `json:"role"`
	Auth     *string `json:"auth"`
	Email    *string `json:"email"`
	Disabled *bool   `json:"disabled"`
}

// writeAccounts runs fn as the one writer in a transaction that ends with
// the last-administrator check, and tells the session caches afterwards.
func (b *Book) writeAccounts(ctx context.Context, fn func(x queries.Execer) error) error {
	err := b.st.WriteTx(ctx, func(tx queries.Execer) error {
		admins, err := enabledAdmins(ctx, tx)
		if err != nil {
			return err
		}
		if err := fn(tx); err != nil {
			return err
		}
		return checkLastAdmin(ctx, tx, admins)
	})
	b.st.AccountsChanged()
	return err
}

// CreateUser adds an account. A local account needs a password that
// keeps the rules; an ldap account's password is ignored, never stored.
func (b *Book) CreateUser(ctx context.Context, m Manager, in UserInput) (*UserRecord, error) {
	u := &UserRecord{Profile: Profile{Username: strings.TrimSpace(in.Username), Name: strings.TrimSpace(in.Name), UnitCode: strings.TrimSpace(in.UnitCode),
		Role: strings.TrimSpace(in.Role), Auth: strings.TrimSpace(in.Auth), Email: strings.TrimSpace(in.Email)}}
	if u.Auth == "" {
		u.Auth = "local"
	}
	if err := m.mayManage(); err != nil {
		return nil, err
	}
	if err := checkRecord(ctx, b.db(), u); err != nil {
		return nil, err
	}
	hash := ""
	if u.Auth == "local" {
		if err := CheckPassword(u.Username, in.Password); err != nil {
			return nil, err
		}
		h, err := HashPassword(in.Password)
		if err != nil {
			return nil, err
		}
		hash = h
	}
	err := b.writeAccounts(ctx, func(x queries.Execer) error {
		if err := m.checkChange(ctx, x, nil, u); err != nil {
			return err
		}
		if _, err := userRecord(ctx, x, u.Username); err == nil {
			return conflict(fmt.Sprintf("用户名 %s 已存在", u.Username), fmt.Sprintf("the username %s exists already", u.Username))
		}
		if _, err := x.ExecContext(ctx, `INSERT INTO users (username, name, unit_code, role, password_hash, auth, email, disabled)
			VALUES (?, ?, ?, ?, ?, ?, nullif(?, ''), false)`, u.Username, u.Name, u.UnitCode, u.Role, hash, u.Auth, u.Email); err != nil {
			return fmt.Errorf("create user: %w", err)
		}
		return m.AuditIn(ctx, x, "user_create", u.Username, fmt.Sprintf("%s, %s, %s, %s", u.Name, u.Role, u.UnitCode, u.Auth))
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// UpdateUser changes an account. A change of role, unit or sign-in method,
// or disabling it, ends its sessions and tokens in the same transaction.
func (b *Book) UpdateUser(ctx context.Context, m Manager, username string, p UserPatch) (*UserRecord, error) {
	var after *UserRecord
	err := b.writeAccounts(ctx, func(x queries.Execer) error {
		before, err := userRecord(ctx, x, username)
		if err != nil {
			return err
		}
		a := *before
		set := func(dst *string, v *string) {
			if v != nil {
				*dst = strings.TrimSpace(*v)
			}
		}
		set(&a.Name, p.Name)
		set(&a.UnitCode, p.UnitCode)
		set(&a.Role, p.Role)
		set(&a.Auth, p.Auth)
		set(&a.Email, p.Email)
		if p.Disabled != nil {
			a.Disabled = *p.Disabled
		}
		if err := m.mustSee(ctx, x, before.UnitCode); err != nil {
			return err
		}
		if err := checkRecord(ctx, x, &a); err != nil {
			return err
		}
		if err := m.checkChange(ctx, x, before, &a); err != nil {
			return err
		}
		if _, err := x.ExecContext(ctx, `UPDATE users SET name = ?, unit_code = ?, role = ?, auth = ?, email = nullif(?, ''), disabled = ?,
			password_hash = CASE WHEN ? = 'ldap' THEN '' ELSE password_hash END WHERE username = ?`,
			a.Name, a.UnitCode, a.Role, a.Auth, a.Email, a.Disabled, a.Auth, username); err != nil {
			return fmt.Errorf("update user: %w", err)
		}
		if a.Role != before.Role || a.UnitCode != before.UnitCode || a.Auth != before.Auth || (a.Disabled && !before.Disabled) {
			if err := endAccess(ctx, x, username); err != nil {
				return err
			}
		}
		after = &a
		return m.AuditIn(ctx, x, "user_change", username, userDiff(before, &a))
	})
	if err != nil {
		return nil, err
	}
	return after, nil
}

// userDiff says what changed, for the audit.
func userDiff(b, a *UserRecord) string {
	var d []string
	add := func(k, x, y string) {
		if x != y {
			d = append(d, fmt.Sprintf("%s: %s → %s", k, x, y))
		}
	}
	add("name", b.Name, a.Name)
	add("unit", b.UnitCode, a.UnitCode)
	add("role", b.Role, a.Role)
	add("auth", b.Auth, a.Auth)
	add("email", b.Email, a.Email)
	add("disabled", fmt.Sprint(b.Disabled), fmt.Sprint(a.Disabled))
	return strings.Join(d, "; ")
}

// ResetPassword sets a local account's password for its manager and ends
// the account's sessions and tokens.
func (b *Book) ResetPassword(ctx context.Context, m Manager, username, pw string) error {
	return b.writeAccounts(ctx, func(x queries.Execer) error {
		u, err := userRecord(ctx, x, username)
		if err != nil {
			return err
		}
		if err := m.checkChange(ctx, x, u, u); err != nil {
			return err
		}
		if u.Auth == "ldap" {
			return paramErr("password", "该账号通过目录服务（LDAP）登录，密码由目录管理 / this account signs in with the directory (LDAP), which keeps its password")
		}
		if err := CheckPassword(username, pw); err != nil {
			return err
		}
		h, err := HashPassword(pw)
		if err != nil {
			return err
		}
		if _, err := x.ExecContext(ctx, "UPDATE users SET password_hash = ? WHERE username = ?", h, username); err != nil {
			return err
		}
		if err := endAccess(ctx, x, username); err != nil {
			return err
		}
		return m.AuditIn(ctx, x, "password_reset", username, "")
	})
}
