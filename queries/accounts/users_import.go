package accounts

import (
	"context"
	"fmt"
	"strings"

	"jixiao/queries"
)

// fileUser is one row of a users file with the account it changes.
type fileUser struct {
	row                  int
	rec                  UserRecord
	password             string
	hash                 string // the stored hash of an existing account
	before               *UserRecord
	authGiven, mailGiven bool
}

// stagedUsers reads the staged users file and the accounts it names. The
// optional columns auth and email change an existing account only when
// the file has them and the cell is filled: an import never resets them,
// nor an account's disabled flag.
func stagedUsers(ctx context.Context, x queries.Execer) ([]fileUser, error) {
	rows, err := x.QueryContext(ctx, `SELECT s.row_no, s.username, s.name, s.unit_code, lower(s.role), coalesce(s.password, ''),
		lower(s.auth), s.email, u.username IS NOT NULL, coalesce(u.name, ''), coalesce(u.unit_code, ''), coalesce(u.role, ''),
		coalesce(u.auth, 'local'), coalesce(u.email, ''), coalesce(u.disabled, false), coalesce(u.password_hash, '')
		FROM s LEFT JOIN users u ON u.username = s.username ORDER BY s.row_no`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []fileUser
	for rows.Next() {
		var f fileUser
		var auth, mail *string
		var exists bool
		var b UserRecord
		if err := rows.Scan(&f.row, &f.rec.Username, &f.rec.Name, &f.rec.UnitCode, &f.rec.Role, &f.password, &auth, &mail,
			&exists, &b.Name, &b.UnitCode, &b.Role, &b.Auth, &b.Email, &b.Disabled, &f.hash); err != nil {
			return nil, err
		}
		f.rec.Auth, f.rec.Email, f.rec.Disabled = "local", "", false
		if exists {
			b.Username = f.rec.Username
			f.before = &b
			f.rec.Auth, f.rec.Email, f.rec.Disabled = b.Auth, b.Email, b.Disabled
		}
		if auth != nil && *auth != "" {
			f.rec.Auth, f.authGiven = *auth, true
		}
		if mail != nil && strings.TrimSpace(*mail) != "" {
			f.rec.Email, f.mailGiven = strings.TrimSpace(*mail), true
		}
		if f.rec.Auth == "ldap" {
			f.password = "" // ignored, never stored (SPEC §14)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// UsersFile is the accounts room's part of a users file's import, which
// whoever imports a file hands the imports room (imports.Options.Users):
// Manager is who imports, with its rights on accounts; nil is the command
// line, which may do everything.
type UsersFile struct{ Manager *Manager }

// Check applies SPEC §14 to a users file before it is written, in the
// import's transaction over the staged rows (view s): the importer's
// rights on every account it creates or changes, the password rules, and
// the last administrator. Each problem names its row and field.
func (u UsersFile) Check(ctx context.Context, x queries.Execer) ([]queries.FileProblem, error) {
	m := u.Manager
	fs, err := stagedUsers(ctx, x)
	if err != nil {
		return nil, err
	}
	var out []queries.FileProblem
	bad := func(f fileUser, field, zh, en string) {
		out = append(out, queries.FileProblem{Row: f.row, Field: field, Zh: zh, En: en})
	}
	inFile := map[string]bool{}
	admins := 0 // enabled administrators after the file
	for _, f := range fs {
		inFile[f.rec.Username] = true
		if f.rec.Role == "admin" && !f.rec.Disabled {
			admins++
		}
		if m != nil {
			if err := m.checkChange(ctx, x, f.before, &f.rec); err != nil {
				if queries.KindOf(err) == queries.Internal {
					return nil, err
				}
				zh, en, _ := strings.Cut(queries.MessageOf(err), " / ")
				if queries.KindOf(err) == queries.NotFound {
					zh, en = "无权管理账号 "+f.rec.Username, "you may not manage the account "+f.rec.Username
				}
				bad(f, "role", zh, en)
				continue
			}
		}
		if f.password != "" {
			if err := CheckPassword(f.rec.Username, f.password); err != nil {
				zh, en, _ := strings.Cut(err.(*queries.ParamError).Problems[0].Message, " / ")
				bad(f, "password", zh, en)
			}
		} else if f.rec.Auth == "local" && (f.before == nil || f.hash == "") {
			bad(f, "password", "本地账号须填写密码", "a local account needs a password")
		}
		if f.rec.Email != "" && !emailRE.MatchString(f.rec.Email) {
			bad(f, "email", "不是有效的邮箱地址", "not an e-mail address")
		}
	}
	var others int
	if err := x.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE role = 'admin' AND NOT coalesce(disabled, false)
		AND username NOT IN (SELECT username FROM s)`).Scan(&others); err != nil {
		return nil, err
	}
	if admins+others == 0 {
		for _, f := range fs {
			if f.before != nil && f.before.Role == "admin" {
				bad(f, "role", "不能取消最后一个管理员的管理员角色", "the last administrator cannot lose the admin role")
				break
			}
		}
	}
	return out, nil
}

// Apply writes the checked accounts: new ones inserted, existing ones
// changed in the fields the file gives (a password only when given, hashed
// with bcrypt; the plain password never reaches a table). A change of
// password, role, unit or sign-in method ends the account's sessions and
// tokens in the import's transaction.
func (UsersFile) Apply(ctx context.Context, x queries.Execer) error {
	admins, err := enabledAdmins(ctx, x)
	if err != nil {
		return err
	}
	fs, err := stagedUsers(ctx, x)
	if err != nil {
		return err
	}
	for _, f := range fs {
		h := ""
		if f.password != "" {
			if h, err = HashPassword(f.password); err != nil {
				return err
			}
		}
		u := f.rec
		if f.before == nil {
			_, err = x.ExecContext(ctx, `INSERT INTO users (username, name, unit_code, role, password_hash, auth, email, disabled)
				VALUES (?, ?, ?, ?, ?, ?, nullif(?, ''), false)`, u.Username, u.Name, u.UnitCode, u.Role, h, u.Auth, u.Email)
			if err != nil {
				return fmt.Errorf("import users: %w", err)
			}
			continue
		}
		_, err = x.ExecContext(ctx, `UPDATE users SET name = ?, unit_code = ?, role = ?, auth = ?, email = nullif(?, ''),
			password_hash = CASE WHEN ? = 'ldap' THEN '' WHEN ? <> '' THEN ? ELSE password_hash END WHERE username = ?`,
			u.Name, u.UnitCode, u.Role, u.Auth, u.Email, u.Auth, h, h, u.Username)
		if err != nil {
			return fmt.Errorf("import users: %w", err)
		}
		b := f.before
		if h != "" || u.Role != b.Role || u.UnitCode != b.UnitCode || u.Auth != b.Auth {
			if err := endAccess(ctx, x, u.Username); err != nil {
				return err
			}
		}
	}
	return checkLastAdmin(ctx, x, admins)
}
