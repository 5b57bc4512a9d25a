package queries

import (
	"path/filepath"
	"testing"
)

// TestKeyMacrosByShifts: the key's parts by shifts and masks (migration
// 100) are the parts it was made of, for the extremes of each part and a
// spread of keys between them (the expected parts are the loop's own).
func TestKeyMacrosByShifts(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "k.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n := 0
	for _, u := range []int64{0, 1, 5, 4095, 1 << 20, 1<<38 - 1} {
		for _, i := range []int64{0, 1, 1024, 2047} {
			for _, o := range []int64{0, 1, 4000, 8101, 8191} {
				var k, gu, gi, gop int64
				if err := s.DB().QueryRow(`SELECT jx_key(?::BIGINT, ?::BIGINT, ?::BIGINT) AS k, jx_unit(k), jx_ind(k), jx_ord(k)`, u, i, o).Scan(&k, &gu, &gi, &gop); err != nil {
					t.Fatal(err)
				}
				if k != u<<24+i<<13+o || gu != u || gi != i || gop != o {
					t.Errorf("key of %d, %d, %d: %d → %d, %d, %d", u, i, o, k, gu, gi, gop)
				}
				n++
			}
		}
	}
	if n != 120 {
		t.Fatalf("%d keys", n)
	}
}
