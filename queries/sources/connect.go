package sources

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// connectTimeout bounds reaching a source (the statement timeout is a setting).
const connectTimeout = 10 * time.Second

// pgConfig parses a PostgreSQL connection string and sets the password.
func pgConfig(dsn, password string) (*pgx.ConnConfig, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	cfg.Password = password // never from PGPASSWORD or a .pgpass of the server's user
	if cfg.ConnectTimeout == 0 || cfg.ConnectTimeout > connectTimeout {
		cfg.ConnectTimeout = connectTimeout
	}
	cfg.RuntimeParams["application_name"] = "jixiao"
	return cfg, nil
}

// result is a query's rows as the run reads them, whatever the driver.
type result interface {
	Columns() []string
	Next() bool
	Values() ([]any, error)
	Err() error
	Close()
}

// session is a read-only transaction at the source with the statement
// timeout set.
type session interface {
	query(ctx context.Context, q string, args []any) (result, error)
	close()
}

// begin connects and opens a read-only transaction with the statement
// timeout: PostgreSQL through pgx itself, MySQL/MariaDB through
// database/sql and go-sql-driver/mysql.
func (c *conn) begin(ctx context.Context, timeout time.Duration) (session, error) {
	switch c.driver {
	case DriverPostgres:
		return c.beginPostgres(ctx, timeout)
	case DriverMySQL:
		return c.beginMySQL(ctx, timeout)
	}
	return nil, fmt.Errorf("unknown driver %q", c.driver)
}

type pgSession struct {
	pc *pgx.Conn
	tx pgx.Tx
}

func (c *conn) beginPostgres(ctx context.Context, timeout time.Duration) (session, error) {
	cfg, err := pgConfig(c.dsn, c.password)
	if err != nil {
		return nil, err
	}
	pc, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	tx, err := pc.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly})
	if err == nil {
		_, err = tx.Exec(ctx, "SELECT set_config('statement_timeout', $1, true)", strconv.FormatInt(timeout.Milliseconds(), 10))
	}
	if err != nil {
		pc.Close(context.Background())
		return nil, err
	}
	return &pgSession{pc: pc, tx: tx}, nil
}

func (s *pgSession) query(ctx context.Context, q string, args []any) (result, error) {
	// Every column comes back as text: the values go to a CSV file as they
	// are, with no decoding and re-encoding per row.
	rows, err := s.tx.Query(ctx, q, append([]any{pgx.QueryResultFormats{pgx.TextFormatCode}}, args...)...)
	if err != nil {
		return nil, err
	}
	if len(rows.FieldDescriptions()) == 0 {
		// pgx reports a failed statement through Err once the rows are read
		for rows.Next() {
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return &pgResult{Rows: rows}, nil
}

func (s *pgSession) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = s.tx.Rollback(ctx) // read-only: nothing to keep at the source
	_ = s.pc.Close(ctx)
}

type pgResult struct {
	pgx.Rows
	vals []any
}

// Values are the row's cells as text ([]byte, nil for NULL), valid until
// the next row.
func (r *pgResult) Values() ([]any, error) {
	raw := r.RawValues()
	if r.vals == nil {
		r.vals = make([]any, len(raw))
	}
	for i, b := range raw {
		if b == nil {
			r.vals[i] = nil
		} else {
			r.vals[i] = b
		}
	}
	return r.vals, nil
}

func (r *pgResult) Columns() []string {
	fds := r.FieldDescriptions()
	out := make([]string, len(fds))
	for i, f := range fds {
		out[i] = f.Name
	}
	return out
}

type sqlSession struct {
	db *sql.DB
	cn *sql.Conn
	tx *sql.Tx
}

func (c *conn) beginMySQL(ctx context.Context, timeout time.Duration) (session, error) {
	cfg, err := mysql.ParseDSN(c.dsn)
	if err != nil {
		return nil, err
	}
	cfg.Passwd = c.password
	if cfg.Timeout == 0 || cfg.Timeout > connectTimeout {
		cfg.Timeout = connectTimeout
	}
	cfg.MultiStatements = false
	cfg.InterpolateParams = false // the quarter travels as a bind argument
	cfg.AllowAllFiles = false     // a source never reads files of this host (LOAD DATA LOCAL)
	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, err
	}
	s := &sqlSession{db: sql.OpenDB(connector)}
	s.db.SetMaxOpenConns(1)
	if s.cn, err = s.db.Conn(ctx); err != nil {
		s.close()
		return nil, err
	}
	// MariaDB's max_statement_time (seconds), else MySQL's max_execution_time (ms).
	secs := int64(timeout / time.Second)
	if _, err = s.cn.ExecContext(ctx, "SET SESSION max_statement_time = ?", secs); err != nil {
		if _, err = s.cn.ExecContext(ctx, "SET SESSION max_execution_time = ?", timeout.Milliseconds()); err != nil {
			s.close()
			return nil, err
		}
	}
	if s.tx, err = s.cn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true}); err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

func (s *sqlSession) query(ctx context.Context, q string, args []any) (result, error) {
	rows, err := s.tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	cols, err := rows.Columns()
	if err != nil {
		rows.Close()
		return nil, err
	}
	return &sqlResult{rows: rows, cols: cols}, nil
}

func (s *sqlSession) close() {
	if s.tx != nil {
		_ = s.tx.Rollback()
	}
	if s.cn != nil {
		_ = s.cn.Close()
	}
	_ = s.db.Close()
}

type sqlResult struct {
	rows *sql.Rows
	cols []string
	vals []any
	ptrs []any
}

func (r *sqlResult) Columns() []string { return r.cols }
func (r *sqlResult) Next() bool        { return r.rows.Next() }
func (r *sqlResult) Err() error        { return r.rows.Err() }
func (r *sqlResult) Close()            { r.rows.Close() }

func (r *sqlResult) Values() ([]any, error) {
	if r.vals == nil {
		r.vals, r.ptrs = make([]any, len(r.cols)), make([]any, len(r.cols))
		for i := range r.vals {
			r.ptrs[i] = &r.vals[i]
		}
	}
	if err := r.rows.Scan(r.ptrs...); err != nil {
		return nil, err
	}
	return r.vals, nil
}

// TestResult is POST /api/sources/{id}/test.
type TestResult struct {
	OK      bool   `json:"ok"`
	Message string `json:"message"`
}

// Test connects to the source and reads in a read-only transaction,
// answering a plain message either way.
func (sv *Service) Test(ctx context.Context, id int64) (*TestResult, error) {
	c, err := sv.loadConn(ctx, id)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, 2*connectTimeout)
	defer cancel()
	s, err := c.begin(ctx, connectTimeout)
	if err != nil {
		return &TestResult{Message: c.plain(err)}, nil
	}
	defer s.close()
	res, err := s.query(ctx, "SELECT version()", nil)
	if err != nil {
		return &TestResult{Message: c.plain(err)}, nil
	}
	defer res.Close()
	version := ""
	if res.Next() {
		if v, err := res.Values(); err == nil && len(v) > 0 {
			version = cell(v[0])
		}
	}
	if err := res.Err(); err != nil {
		return &TestResult{Message: c.plain(err)}, nil
	}
	if len(version) > 80 {
		version = version[:80] + "…"
	}
	return &TestResult{OK: true, Message: "连接成功（只读）/ connected, read-only: " + version}, nil
}

// plain words a source's error for the user: wrong password, unreachable,
// timeout, a write refused, SQL that does not parse; the password never
// appears in it.
func (c *conn) plain(err error) string {
	var zh, en string
	detail := err.Error()
	var pe *pgconn.PgError
	var me *mysql.MySQLError
	var ne net.Error
	var oe *net.OpError
	switch {
	case errors.As(err, &pe):
		detail = pe.Message
		switch {
		case pe.Code == "28P01" || pe.Code == "28000":
			zh, en = "用户名或密码错误", "wrong user name or password"
		case pe.Code == "57014":
			zh, en = "查询超时（sources.timeout_s），已在数据源取消", "the query timed out (sources.timeout_s) and was cancelled at the source"
		case pe.Code == "25006":
			zh, en = "查询试图写入数据源，已拒绝（只读事务）", "the query tries to write to the source and was refused (read-only transaction)"
		case strings.HasPrefix(pe.Code, "42"):
			zh, en = "SQL 有误", "the SQL is wrong"
		case pe.Code == "3D000":
			zh, en = "数据库不存在", "the database does not exist"
		default:
			zh, en = "数据源报错", "the source answered with an error"
		}
	case errors.As(err, &me):
		detail = me.Message
		switch me.Number {
		case 1045, 1044:
			zh, en = "用户名或密码错误", "wrong user name or password"
		case 1969, 3024, 1317:
			zh, en = "查询超时（sources.timeout_s），已在数据源取消", "the query timed out (sources.timeout_s) and was cancelled at the source"
		case 1792:
			zh, en = "查询试图写入数据源，已拒绝（只读事务）", "the query tries to write to the source and was refused (read-only transaction)"
		case 1064, 1054, 1146, 1052, 1149:
			zh, en = "SQL 有误", "the SQL is wrong"
		case 1049:
			zh, en = "数据库不存在", "the database does not exist"
		default:
			zh, en = "数据源报错", "the source answered with an error"
		}
	case errors.Is(err, context.DeadlineExceeded):
		zh, en, detail = "查询超时（sources.timeout_s）", "the query timed out (sources.timeout_s)", ""
	case errors.As(err, &oe), errors.As(err, &ne), strings.Contains(detail, "connect"), strings.Contains(detail, "dial"):
		zh, en = "无法连接到数据源（主机或端口不可达，或数据源未运行）", "cannot reach the source (host or port unreachable, or the source is not running)"
	default:
		zh, en = "数据源出错", "the source failed"
	}
	// Drivers do not echo passwords; should one ever, it is masked.
	if len(c.password) >= 4 {
		detail = strings.ReplaceAll(detail, c.password, "***")
	}
	msg := zh + " / " + en
	if detail != "" {
		msg += ": " + detail
	}
	return msg
}
