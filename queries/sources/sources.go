// Package sources is SPEC §11: connections to the tax systems' databases
// (PostgreSQL, MySQL/MariaDB, through pure-Go drivers), pulls (a query on a
// source, a schedule, a history), their runs — each an ordinary values
// batch through queries.Store.Import — the scheduler that runs them inside
// `jixiao serve`, and the drop folder (`serve --inbox DIR`).
package sources

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/go-sql-driver/mysql"

	"jixiao/queries"
)

// The drivers a source may use.
const (
	DriverPostgres = "postgres"
	DriverMySQL    = "mysql" // MySQL and MariaDB
)

// Service runs sources and pulls on one store. Several services on one
// store (the server's, a test's) share the per-pull locks.
type Service struct {
	store *queries.Store
	db    *sql.DB
	locks *pullLocks
	// Now is the clock of the scheduler (tests move it).
	Now func() time.Time
}

var storeLocks sync.Map // *queries.Store -> *pullLocks

// New is the service of store.
func New(store *queries.Store) *Service {
	l, _ := storeLocks.LoadOrStore(store, &pullLocks{m: map[int64]chan struct{}{}})
	return &Service{store: store, db: store.DB(), locks: l.(*pullLocks), Now: time.Now}
}

// Source is a connection as answers show it: never its password.
type Source struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	Driver      string    `json:"driver"`
	DSN         *string   `json:"dsn,omitempty"` // the admin only
	HasPassword bool      `json:"has_password"`
	CreatedAt   time.Time `json:"created_at"`
	UsedBy      []string  `json:"used_by"` // the pulls on it
}

// SourceInput is a source as written: Password nil keeps the stored one.
type SourceInput struct {
	Name     string  `json:"name"`
	Driver   string  `json:"driver"`
	DSN      string  `json:"dsn"`
	Password *string `json:"password"`
}

func problem(key, zh, en string) error {
	return &queries.ParamError{Problems: []queries.ParamProblem{{Key: key, Message: zh + " / " + en}}}
}

func (in *SourceInput) check() error {
	in.Name, in.DSN = strings.TrimSpace(in.Name), strings.TrimSpace(in.DSN)
	in.Driver = strings.ToLower(strings.TrimSpace(in.Driver))
	if in.Driver == "mariadb" {
		in.Driver = DriverMySQL
	}
	if in.Driver == "postgresql" || in.Driver == "pgx" {
		in.Driver = DriverPostgres
	}
	switch {
	case in.Name == "" || len(in.Name) > 100:
		return problem("name", "名称不能为空（最多 100 个字符）", "a name is required (at most 100 characters)")
	case in.Driver != DriverPostgres && in.Driver != DriverMySQL:
		return problem("driver", "驱动须为 postgres 或 mysql", "driver must be postgres or mysql")
	case in.DSN == "":
		return problem("dsn", "连接串不能为空", "a connection string (dsn) is required")
	}
	return checkDSN(in.Driver, in.DSN)
}

// checkDSN refuses a connection string that does not parse or that holds
// a password: the password is its own write-only field.
func checkDSN(driver, dsn string) error {
	withPw := problem("dsn", "连接串中不能包含密码，请填写在“密码”一栏", "the connection string may not hold the password: use the password field")
	if driver == DriverMySQL {
		cfg, err := mysql.ParseDSN(dsn)
		if err != nil {
			return problem("dsn", "连接串格式不正确（如 jx_reader@tcp(db:3306)/taxsys）", "the connection string does not parse (e.g. jx_reader@tcp(db:3306)/taxsys)")
		}
		if cfg.Passwd != "" {
			return withPw
		}
		return nil
	}
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			return problem("dsn", "连接串格式不正确（如 postgres://jx_reader@db:5432/taxsys?sslmode=disable）", "the connection string does not parse (e.g. postgres://jx_reader@db:5432/taxsys?sslmode=disable)")
		}
		if _, set := u.User.Password(); set || u.Query().Has("password") {
			return withPw
		}
	} else if strings.Contains(strings.ToLower(dsn), "password") {
		return withPw
	}
	if _, err := pgConfig(dsn, ""); err != nil {
		return problem("dsn", "连接串格式不正确（如 postgres://jx_reader@db:5432/taxsys?sslmode=disable）", "the connection string does not parse (e.g. postgres://jx_reader@db:5432/taxsys?sslmode=disable)")
	}
	return nil
}

// Sources lists every source; withDSN shows the connection strings (the admin).
func (sv *Service) Sources(ctx context.Context, withDSN bool) ([]Source, error) {
	rows, err := sv.db.QueryContext(ctx, `SELECT s.id, s.name, s.driver, s.dsn, s.password_sealed <> '', s.created_at,
		coalesce(list(p.name ORDER BY p.name) FILTER (WHERE p.name IS NOT NULL), [])
		FROM sources s LEFT JOIN pulls p ON p.source_id = s.id
		GROUP BY ALL ORDER BY s.name, s.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Source{}
	for rows.Next() {
		var s Source
		var dsn string
		var used []any
		if err := rows.Scan(&s.ID, &s.Name, &s.Driver, &dsn, &s.HasPassword, &s.CreatedAt, &used); err != nil {
			return nil, err
		}
		if withDSN {
			s.DSN = &dsn
		}
		s.UsedBy = []string{}
		for _, u := range used {
			if n, ok := u.(string); ok {
				s.UsedBy = append(s.UsedBy, n)
			}
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// GetSource is one source as Sources shows it.
func (sv *Service) GetSource(ctx context.Context, id int64, withDSN bool) (*Source, error) {
	all, err := sv.Sources(ctx, withDSN)
	return first(all, err, func(s *Source) bool { return s.ID == id })
}

// CreateSource stores a new source, its password sealed.
func (sv *Service) CreateSource(ctx context.Context, user string, in SourceInput) (*Source, error) {
	if err := in.check(); err != nil {
		return nil, err
	}
	if err := sv.nameFree(ctx, "sources", in.Name, 0); err != nil {
		return nil, err
	}
	sealed, err := sv.seal(in.Password)
	if err != nil {
		return nil, err
	}
	var id int64
	err = sv.db.QueryRowContext(ctx, `INSERT INTO sources (name, driver, dsn, password_sealed, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, in.Name, in.Driver, in.DSN, sealed, user, sv.Now().UTC()).Scan(&id)
	if err != nil {
		return nil, err
	}
	_ = sv.store.Audit(ctx, user, "source.create", in.Name, in.Driver+" "+in.DSN, "")
	return sv.GetSource(ctx, id, true)
}

// UpdateSource replaces a source; a nil password keeps the stored one and
// an empty one removes it.
func (sv *Service) UpdateSource(ctx context.Context, user string, id int64, in SourceInput) (*Source, error) {
	if _, err := sv.GetSource(ctx, id, false); err != nil {
		return nil, err
	}
	if err := in.check(); err != nil {
		return nil, err
	}
	if err := sv.nameFree(ctx, "sources", in.Name, id); err != nil {
		return nil, err
	}
	q, args := `UPDATE sources SET name = ?, driver = ?, dsn = ? WHERE id = ?`, []any{in.Name, in.Driver, in.DSN, id}
	if in.Password != nil {
		sealed, err := sv.seal(in.Password)
		if err != nil {
			return nil, err
		}
		q, args = `UPDATE sources SET name = ?, driver = ?, dsn = ?, password_sealed = ? WHERE id = ?`, []any{in.Name, in.Driver, in.DSN, sealed, id}
	}
	if _, err := sv.db.ExecContext(ctx, q, args...); err != nil {
		return nil, err
	}
	detail := in.Driver + " " + in.DSN
	if in.Password != nil {
		detail += " (password changed)"
	}
	_ = sv.store.Audit(ctx, user, "source.update", in.Name, detail, "")
	return sv.GetSource(ctx, id, true)
}

// DeleteSource removes a source no pull uses (409 otherwise).
func (sv *Service) DeleteSource(ctx context.Context, user string, id int64) error {
	s, err := sv.GetSource(ctx, id, false)
	if err != nil {
		return err
	}
	if len(s.UsedBy) > 0 {
		return &queries.Error{Kind: queries.Conflict, Msg: fmt.Sprintf("数据源仍被拉取任务使用：%s / the source is used by the pull(s) %s",
			strings.Join(s.UsedBy, "、"), strings.Join(s.UsedBy, ", "))}
	}
	if _, err := sv.db.ExecContext(ctx, "DELETE FROM sources WHERE id = ?", id); err != nil {
		return err
	}
	_ = sv.store.Audit(ctx, user, "source.delete", s.Name, "", "")
	return nil
}

func (sv *Service) seal(pw *string) (string, error) {
	if pw == nil || *pw == "" {
		return "", nil
	}
	box, err := sv.store.Secrets()
	if err != nil {
		return "", err
	}
	return box.Seal(*pw)
}

// nameFree refuses a name another row of table (sources, pulls) holds.
func (sv *Service) nameFree(ctx context.Context, table, name string, self int64) error {
	var n int
	if err := sv.db.QueryRowContext(ctx, "SELECT count(*) FROM "+table+" WHERE name = ? AND id <> ?", name, self).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return &queries.Error{Kind: queries.Conflict, Msg: fmt.Sprintf("名称“%s”已被使用 / the name %q is taken", name, name)}
	}
	return nil
}

// conn is a source as a run needs it: the password opened.
type conn struct {
	id       int64
	name     string
	driver   string
	dsn      string
	password string
}

func (sv *Service) loadConn(ctx context.Context, id int64) (*conn, error) {
	c := &conn{id: id}
	var sealed string
	err := sv.db.QueryRowContext(ctx, "SELECT name, driver, dsn, password_sealed FROM sources WHERE id = ?", id).Scan(&c.name, &c.driver, &c.dsn, &sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, queries.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if sealed != "" {
		box, err := sv.store.Secrets()
		if err != nil {
			return nil, err
		}
		if c.password, err = box.Open(sealed); err != nil {
			return nil, err
		}
	}
	return c, nil
}
