package imports

import (
	"fmt"
	"strings"
	"testing"

	"jixiao/queries/fixture"
)

// TestLedgerKeyMacros checks the SQL macros against the Go constants.
func TestLedgerKeyMacros(t *testing.T) {
	s := mustOpen(t)
	var k, u, i, o int64
	var p string
	if err := s.DB().QueryRow(`SELECT jx_key(5::BIGINT, 2047::BIGINT, 8191), jx_unit(jx_key(5::BIGINT, 2047::BIGINT, 8191)),
		jx_ind(jx_key(5::BIGINT, 2047::BIGINT, 8191)), jx_ord(jx_key(5::BIGINT, 2047::BIGINT, 8191)), jx_period(8101)`).Scan(&k, &u, &i, &o, &p); err != nil {
		t.Fatal(err)
	}
	if k != 5*keyUnitMul+2047*keyIndMul+8191 || u != 5 || i != 2047 || o != 8191 || p != "2025Q2" {
		t.Errorf("jx_key(5, 2047, 8191) = %d → %d %d %d; jx_period(8101) = %s", k, u, i, o, p)
	}
}

// TestIndicatorCodeLimit: a catalogue with more codes than the ledger key
// holds is refused naming the row and column of the first code too many.
func TestIndicatorCodeLimit(t *testing.T) {
	s := mustOpen(t)
	mustImport(t, s, "units", writeFile(t, "u.csv", fixture.CSVOf(fixture.UnitsHeader, "P,省局,,bureau,province,", "B1,分局,P,branch,county,")))
	lines := make([]string, keyIndicators)
	for n := range lines {
		lines[n] = fmt.Sprintf("S%04d,指标,admin,execution,,分,higher,linear,1,100,0,ZG,,desk,manual,false,,", n)
	}
	_, err := Import(t.Context(), s, "indicators", writeFile(t, "i.csv", fixture.CSVOf(fixture.IndHeader, lines...)), Options{User: "test"})
	rej, ok := err.(*RejectedError)
	if !ok {
		t.Fatalf("%d codes: %v, want a rejection", len(lines), err)
	}
	// row 1 is the header: code number 2048 (S2047) is on row 2049
	if len(rej.Errors) != 1 || rej.Errors[0].Row != keyIndicators+1 || !strings.Contains(rej.Errors[0].Message, "S2047") {
		t.Errorf("errors: %+v", rej.Errors)
	}
	var n int
	if err := s.DB().QueryRow("SELECT count(*) FROM indicators").Scan(&n); err != nil || n != 0 {
		t.Errorf("%d indicators stored after the rejection (%v)", n, err)
	}
	mustImport(t, s, "indicators", writeFile(t, "i.csv", fixture.CSVOf(fixture.IndHeader, lines[:keyIndicators-1]...)))
}
