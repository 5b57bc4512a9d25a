package queries

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"jixiao/data"
)

// UserRecord is an account as the users API and page show it (SPEC §14),
// never with its password hash.
type UserRecord struct {
	Username string `json:"username"`
	Name     string `json:"name"`
	UnitCode string `json:"unit_code"`
	Role     string `json:"role"`
	Auth     string `json:"auth"`
	Email    string `json:"email"`
	Disabled bool   `json:"disabled"`
}

// Manager is who changes accounts: the actor with its write right on
// users (policy rows write:users) and the roles its policy lets it grant
// (rows "p, ROLE, LEVEL, grant, ROLE|ROLE…"). A manager creates, changes,
// resets or disables only accounts whose role, before and after, is one
// it may grant, on units its reach covers: so only an admin (who may
// grant admin) touches an admin.
type Manager struct {
	Actor
	Grants []string
}

// FullManager is the command line's and the tests' manager: every unit,
// every role.
func FullManager(user string) Manager {
	return Manager{Actor: Actor{Username: user, Rights: AllRights(), Scope: Everything}, Grants: data.Roles}
}

func (m Manager) grants(role string) bool {
	for _, g := range m.Grants {
		if g == role {
			return true
		}
	}
	return false
}

// seesUser: an account is visible to its manager when its unit is in the
// manager's subtree (every account for a manager who sees everything).
func (m Manager) seesUser(ctx context.Context, x sqlExecer, unit string) (bool, error) {
	if m.Scope.All || m.Rights.Has(ActUsers, ReachAll) {
		return true, nil
	}
	return covers(ctx, x, m.UnitCode, unit, true)
}

// checkChange is SPEC §14's rule for one account change: before is the
// account as it is (nil for a new one), after as it will be. An account
// the manager cannot see is not found; one it may not manage is forbidden.
func (m Manager) checkChange(ctx context.Context, x sqlExecer, before, after *UserRecord) error {
	if before != nil {
		ok, err := m.seesUser(ctx, x, before.UnitCode)
		if err != nil {
			return err
		}
		if !ok {
			return ErrNotFound
		}
	}
	if len(m.Rights[ActUsers]) == 0 {
		return forbidden("您无权管理用户账号", "you may not manage user accounts")
	}
	for _, r := range []*UserRecord{before, after} {
		if r == nil {
			continue
		}
		if !m.grants(r.Role) {
			return forbidden(fmt.Sprintf("只有管理员可以创建、更改或授予角色 %s 的账号", r.Role),
				fmt.Sprintf("only an administrator may create, change or grant an account of role %s", r.Role))
		}
		ok, err := m.may(ctx, x, ActUsers, r.UnitCode)
		if err != nil {
			return err
		}
		if !ok {
			return forbidden(fmt.Sprintf("单位 %s 的账号不在您管理的范围内", r.UnitCode),
				fmt.Sprintf("accounts of unit %s are outside those you manage", r.UnitCode))
		}
	}
	return nil
}

// enabledAdmins counts the enabled administrators.
func enabledAdmins(ctx context.Context, x sqlExecer) (int, error) {
	var n int
	err := x.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE role = 'admin' AND NOT coalesce(disabled, false)`).Scan(&n)
	return n, err
}

// checkLastAdmin refuses a write that leaves no enabled administrator
// where there was one (before: the count when the write began); it runs
// inside the write's transaction, after the change. A database that had
// none (a fresh one, a test's) is not refused for still having none.
func checkLastAdmin(ctx context.Context, x sqlExecer, before int) error {
	n, err := enabledAdmins(ctx, x)
	if err != nil {
		return err
	}
	if n == 0 && before > 0 {
		return conflict("不能停用最后一个管理员，也不能取消其管理员角色", "the last administrator cannot be disabled or lose the admin role")
	}
	return nil
}

// endAccess signs a user out everywhere and revokes their API tokens, in
// the transaction of the change that requires it (password, role, unit,
// sign-in method, disabling).
func endAccess(ctx context.Context, x sqlExecer, username string) error {
	if _, err := x.ExecContext(ctx, "DELETE FROM sessions WHERE username = ?", username); err != nil {
		return err
	}
	// an administrator viewing as the account goes back to their own eyes
	if _, err := x.ExecContext(ctx, "UPDATE sessions SET view_as = NULL WHERE view_as = ?", username); err != nil {
		return err
	}
	_, err := x.ExecContext(ctx, "UPDATE api_tokens SET revoked_at = current_timestamp WHERE username = ? AND revoked_at IS NULL", username)
	return err
}

// accountGens counts, per store, the commits that changed an account, so
// that a cache of signed-in users (the server's) drops them at once.
var accountGens sync.Map // *Store -> *atomic.Int64

func (s *Store) accountGen() *atomic.Int64 {
	g, _ := accountGens.LoadOrStore(s, new(atomic.Int64))
	return g.(*atomic.Int64)
}

// AccountsVersion changes after every committed change of an account.
func (s *Store) AccountsVersion() int64 { return s.accountGen().Load() }

func (s *Store) accountsChanged() { s.accountGen().Add(1) }

const userCols = `username, name, unit_code, role, coalesce(auth, 'local'), coalesce(email, ''), coalesce(disabled, false)`

func scanUser(sc interface{ Scan(...any) error }) (*UserRecord, error) {
	var u UserRecord
	if err := sc.Scan(&u.Username, &u.Name, &u.UnitCode, &u.Role, &u.Auth, &u.Email, &u.Disabled); err != nil {
		return nil, err
	}
	return &u, nil
}

func userRecord(ctx context.Context, x sqlExecer, username string) (*UserRecord, error) {
	u, err := scanUser(x.QueryRowContext(ctx, "SELECT "+userCols+" FROM users WHERE username = ?", username))
	if err == sql.ErrNoRows {
		return nil, ErrNotFound
	}
	return u, err
}

// Users lists the accounts the manager sees (its subtree; an admin every
// one), by unit then username.
func (s *Store) Users(ctx context.Context, m Manager) ([]UserRecord, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	all := m.Scope.All || m.Rights.Has(ActUsers, ReachAll)
	rows, err := s.db.QueryContext(ctx, `SELECT `+userCols+` FROM users
		WHERE ? OR unit_code IN (SELECT descendant FROM unit_tree WHERE ancestor = ?)
		ORDER BY unit_code, username LIMIT 100000`, all, m.UnitCode)
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
func (s *Store) User(ctx context.Context, m Manager, username string) (*UserRecord, error) {
	u, err := userRecord(ctx, s.db, username)
	if err != nil {
		return nil, err
	}
	if ok, err := m.seesUser(ctx, s.db, u.UnitCode); err != nil || !ok {
		return nil, firstErr(err, ErrNotFound)
	}
	return u, nil
}

func firstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// The password rules of SPEC §14.
const (
	MinPasswordLen = 10
	maxPasswordLen = 72 // bcrypt reads no further
)

// CheckPassword applies SPEC §14's password rules; the error names the
// rule broken (a ParamError on "password", answered 422).
func CheckPassword(username, pw string) error {
	switch {
	case utf8.RuneCountInString(pw) < MinPasswordLen:
		return paramErr("password", fmt.Sprintf("密码至少 %d 个字符 / the password needs at least %d characters", MinPasswordLen, MinPasswordLen))
	case len(pw) > maxPasswordLen:
		return paramErr("password", fmt.Sprintf("密码最多 %d 个字节 / the password may have at most %d bytes", maxPasswordLen, maxPasswordLen))
	case strings.EqualFold(strings.TrimSpace(pw), username):
		return paramErr("password", "密码不能与用户名相同 / the password must not be the username")
	}
	return nil
}

var (
	usernameRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	emailRE    = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
)

// checkText refuses an empty or over-long name and control characters.
func checkText(key, v string, max int) *ParamProblem {
	if strings.TrimSpace(v) == "" {
		return &ParamProblem{Key: key, Message: "必填 / required"}
	}
	if utf8.RuneCountInString(v) > max {
		return &ParamProblem{Key: key, Message: fmt.Sprintf("最多 %d 个字符 / at most %d characters", max, max)}
	}
	for _, r := range v {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return &ParamProblem{Key: key, Message: "含有控制字符 / holds control characters"}
		}
	}
	return nil
}
