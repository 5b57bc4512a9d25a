package queries

import (
	"encoding/csv"
	"strings"
	"testing"
)

// addUsers writes the accounts of a users CSV (username, name, unit_code,
// role, …) straight into the table, without passwords: a users file is
// imported by the accounts room (queries/accounts), which the tests of
// queries itself cannot import.
func addUsers(t testing.TB, s *Store, text string) {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs[1:] {
		if _, err := s.db.Exec(`INSERT INTO users (username, name, unit_code, role, password_hash) VALUES (?, ?, ?, ?, '')`,
			r[0], r[1], r[2], r[3]); err != nil {
			t.Fatal(err)
		}
	}
	s.Changed()
}
