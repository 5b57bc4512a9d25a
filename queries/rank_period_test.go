package queries

import (
	"path/filepath"
	"testing"

	"jixiao/data"
	"jixiao/queries/fixture"
)

// TestRankPeriodByPeriodMatchesRef: the fixture imported with every rank
// run period by period (JIXIAO_RANK_WHOLE_ROWS=1, the path of a scoring of
// more than 2,000,000 score rows) gives the independent reference's scores,
// ranks, grades and rank changes, and the same rows as the fixture scored
// at once.
func TestRankPeriodByPeriodMatchesRef(t *testing.T) {
	whole := loadFixture(t)
	t.Setenv("JIXIAO_RANK_WHOLE_ROWS", "1")
	s, err := Open(filepath.Join(t.TempDir(), "periods.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	fixture.Load(t, func(k data.Kind, path string) error { mustImport(t, s, k, path); return nil }, false)
	_, ref := refFixture(t)
	assertMatchesRef(t, s, ref)
	if got, want := scoreDigest(t, s), scoreDigest(t, whole); got != want {
		t.Errorf("scored period by period: %s; at once: %s", got, want)
	}
}

// scoreDigest is the number of score rows and an order-free digest of
// every column of them, the full-precision sub-scores to 9 decimals (a
// year's mean of them depends in its last bits on the order the quarters
// are summed in, as fixture.AsFullScoring compares them).
func scoreDigest(t *testing.T, s *Store) string {
	t.Helper()
	var d string
	if err := s.DB().QueryRow(`SELECT count(*) || ' rows, ' || bit_xor(hash(period, is_year, ord, unit_code, grp, score, base, bonus, penalty, vetoed,
		law, taxsys, service, admin, info, org, rank, size, grade, rank_change, missing, round(law_f, 9), round(taxsys_f, 9),
		round(service_f, 9), round(admin_f, 9), round(info_f, 9), round(org_f, 9), round(base_f, 9)))::VARCHAR FROM scores`).Scan(&d); err != nil {
		t.Fatal(err)
	}
	return d
}
