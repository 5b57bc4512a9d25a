package sources

import "testing"

func TestBindPeriod(t *testing.T) {
	cases := []struct {
		driver, in, want string
		n                int
	}{
		{DriverPostgres, "SELECT * FROM t WHERE period = :period", "SELECT * FROM t WHERE period = $1", 1},
		{DriverMySQL, "SELECT * FROM t WHERE period = :period", "SELECT * FROM t WHERE period = ?", 1},
		{DriverPostgres, "SELECT :period AS p FROM t WHERE q = :period", "SELECT $1 AS p FROM t WHERE q = $1", 2},
		{DriverMySQL, "SELECT :period AS p FROM t WHERE q = :period", "SELECT ? AS p FROM t WHERE q = ?", 2},
		// inside literals, quoted names and comments it stays text
		{DriverPostgres, "SELECT ':period', \":period\" FROM t -- :period\nWHERE a = :period", "SELECT ':period', \":period\" FROM t -- :period\nWHERE a = $1", 1},
		{DriverPostgres, "SELECT 'it''s :period' /* :period */ FROM t WHERE a=:period", "SELECT 'it''s :period' /* :period */ FROM t WHERE a=$1", 1},
		{DriverPostgres, "SELECT $$ :period $$, $x$ :period $x$ FROM t WHERE a = :period", "SELECT $$ :period $$, $x$ :period $x$ FROM t WHERE a = $1", 1},
		{DriverMySQL, "SELECT 'a\\' :period', `:period` FROM t # :period\nWHERE a = :period", "SELECT 'a\\' :period', `:period` FROM t # :period\nWHERE a = ?", 1},
		// a cast, a longer name, a name ending in period
		{DriverPostgres, "SELECT x::period, :periods, a.b:period FROM t", "SELECT x::period, :periods, a.b:period FROM t", 0},
		{DriverPostgres, "SELECT * FROM t WHERE p=(:period)", "SELECT * FROM t WHERE p=($1)", 1},
		{DriverPostgres, "SELECT * FROM t WHERE p = $1", "SELECT * FROM t WHERE p = $1", 0},
		{DriverPostgres, "SELECT 'unterminated :period", "SELECT 'unterminated :period", 0},
	}
	for _, c := range cases {
		got, n := bindPeriod(c.in, c.driver)
		if got != c.want || n != c.n {
			t.Errorf("%s %q:\n got %q (%d)\nwant %q (%d)", c.driver, c.in, got, n, c.want, c.n)
		}
	}
}
