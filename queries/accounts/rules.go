package accounts

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"jixiao/data"
	"jixiao/queries"
)

// Manager is who changes accounts: the actor with its write right on
// users (policy rows write:users) and the roles its policy lets it grant
// (rows "p, ROLE, LEVEL, grant, ROLE|ROLE…"). A manager creates, changes,
// resets or disables only accounts whose role, before and after, is one
// it may grant, on units its reach covers: so only an admin (who may
// grant admin) touches an admin.
type Manager struct {
	queries.Actor
	Grants []string
}

// FullManager is the command line's and the tests' manager: every unit,
// every role.
func FullManager(user string) Manager {
	return Manager{Actor: queries.Actor{Username: user, Rights: queries.AllRights(), Scope: queries.Everything}, Grants: data.Roles}
}

// mustSee: an account is visible to its manager when its unit is in the
// manager's subtree (every account for a manager who sees everything);
// one it cannot see is not found.
func (m Manager) mustSee(ctx context.Context, x queries.Execer, unit string) error {
	if m.seesAll() {
		return nil
	}
	ok, err := queries.Covers(ctx, x, m.UnitCode, unit, true)
	if err == nil && !ok {
		err = queries.ErrNotFound
	}
	return err
}

func (m Manager) seesAll() bool {
	return m.Scope.All || m.Rights.Has(queries.ActUsers, queries.ReachAll)
}

// mayManage is the first refusal of every account write: no write right
// on users at all.
func (m Manager) mayManage() error {
	if len(m.Rights[queries.ActUsers]) == 0 {
		return forbidden("您无权管理用户账号", "you may not manage user accounts")
	}
	return nil
}

// checkChange is SPEC §14's rule for one account change: before is the
// account as it is (nil for a new one), after as it will be. An account
// the manager cannot see is not found; one it may not manage is forbidden.
func (m Manager) checkChange(ctx context.Context, x queries.Execer, before, after *UserRecord) error {
	if before != nil {
		if err := m.mustSee(ctx, x, before.UnitCode); err != nil {
			return err
		}
	}
	if err := m.mayManage(); err != nil {
		return err
	}
	for _, r := range []*UserRecord{before, after} {
		if r == nil {
			continue
		}
		if !slices.Contains(m.Grants, r.Role) {
			return forbidden(fmt.Sprintf("只有管理员可以创建、更改或授予角色 %s 的账号", r.Role),
				fmt.Sprintf("only an administrator may create, change or grant an account of role %s", r.Role))
		}
		ok, err := m.May(ctx, x, queries.ActUsers, r.UnitCode)
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
func enabledAdmins(ctx context.Context, x queries.Execer) (int, error) {
	var n int
	err := x.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE role = 'admin' AND NOT coalesce(disabled, false)`).Scan(&n)
	return n, err
}

// checkLastAdmin refuses a write that leaves no enabled administrator
// where there was one (before: the count when the write began); it runs
// inside the write's transaction, after the change. A database that had
// none (a fresh one, a test's) is not refused for still having none.
func checkLastAdmin(ctx context.Context, x queries.Execer, before int) error {
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
func endAccess(ctx context.Context, x queries.Execer, username string) error {
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
func checkText(key, v string, max int) *queries.ParamProblem {
	if strings.TrimSpace(v) == "" {
		return &queries.ParamProblem{Key: key, Message: "必填 / required"}
	}
	if utf8.RuneCountInString(v) > max {
		return &queries.ParamProblem{Key: key, Message: fmt.Sprintf("最多 %d 个字符 / at most %d characters", max, max)}
	}
	for _, r := range v {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return &queries.ParamProblem{Key: key, Message: "含有控制字符 / holds control characters"}
		}
	}
	return nil
}

// checkRecord validates an account's fields: each problem names its field
// (a ParamError, answered 422), the unit must exist.
func checkRecord(ctx context.Context, x queries.Execer, u *UserRecord) error {
	var ps []queries.ParamProblem
	if !usernameRE.MatchString(u.Username) {
		ps = append(ps, queries.ParamProblem{Key: "username", Message: "用户名只能包含英文字母、数字、- 和 _（最多 64 个）/ letters, digits, - and _ only (at most 64)"})
	}
	if p := checkText("name", u.Name, 100); p != nil {
		ps = append(ps, *p)
	}
	if !slices.Contains(data.Roles, u.Role) {
		ps = append(ps, queries.ParamProblem{Key: "role", Message: "角色应为 / role must be one of " + strings.Join(data.Roles, ", ")})
	}
	if !slices.Contains(data.AuthKinds, u.Auth) {
		ps = append(ps, queries.ParamProblem{Key: "auth", Message: "认证方式应为 local 或 ldap / auth must be local or ldap"})
	}
	if u.Email != "" && (len(u.Email) > 254 || !emailRE.MatchString(u.Email)) {
		ps = append(ps, queries.ParamProblem{Key: "email", Message: "不是有效的邮箱地址 / not an e-mail address"})
	}
	var n int
	if err := x.QueryRowContext(ctx, "SELECT count(*) FROM units WHERE code = ?", u.UnitCode).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		ps = append(ps, queries.ParamProblem{Key: "unit_code", Message: fmt.Sprintf("单位 %q 不存在 / unit %q does not exist", u.UnitCode, u.UnitCode)})
	}
	if len(ps) > 0 {
		return &queries.ParamError{Problems: ps}
	}
	return nil
}
