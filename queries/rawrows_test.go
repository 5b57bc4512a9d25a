package queries

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"strings"
	"testing"
)

// TestRawRowTypes: rawEach hands the driver's values, and rawRow reads
// each type, NULL as not valid, and records the first value of another
// type as an error naming its column.
func TestRawRowTypes(t *testing.T) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	type got struct {
		s       string
		f       float64
		b       bool
		n       int
		ok      [4]bool
		errText string
	}
	var rows []got
	err = rawEach(context.Background(), db, `SELECT * FROM (VALUES
		('a', 1.5::DOUBLE, true, 7::INTEGER),
		(NULL, NULL, NULL, NULL),
		('c', 2.0::DOUBLE, false, 9::INTEGER)) t(s, f, b, n) ORDER BY s NULLS FIRST`, nil, func(v []driver.Value) error {
		x := rawRow{v: v}
		var g got
		g.s, g.ok[0] = x.str(0)
		g.f, g.ok[1] = x.float(1)
		g.b, g.ok[2] = x.bool(2)
		g.n, g.ok[3] = x.int(3)
		// a number read as text is an error of column 2
		if _, ok := x.str(1); ok {
			t.Error("a DOUBLE read as text")
		}
		if x.err != nil {
			g.errText = x.err.Error()
		}
		rows = append(rows, g)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows", len(rows))
	}
	if r := rows[0]; r.ok != [4]bool{} || r.errText != "" {
		t.Errorf("the NULL row: %+v", r)
	}
	if r := rows[1]; r.s != "a" || r.f != 1.5 || !r.b || r.n != 7 || r.ok != [4]bool{true, true, true, true} {
		t.Errorf("row a: %+v", r)
	}
	if r := rows[2]; r.s != "c" || r.f != 2 || r.b || r.n != 9 {
		t.Errorf("row c: %+v", r)
	}
	for _, r := range rows[1:] {
		if !strings.Contains(r.errText, "column 2: float64 where text was expected") {
			t.Errorf("row %s: error %q", r.s, r.errText)
		}
	}
}
