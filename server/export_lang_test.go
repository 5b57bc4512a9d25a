package server

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

// The score export a person downloads from the overview has headers and
// grade names in the UI language, the same rows as the machine export,
// and the overview links to it.
func TestScoreExportInTheUILanguage(t *testing.T) {
	s, ck := sharedServer(t)
	var rows []struct {
		UnitCode string  `json:"unit_code"`
		Grade    *string `json:"grade"`
	}
	do(t, s, req{method: "GET", path: "/api/export/scores?period=2025Q3&format=json", cookie: ck["city_leader"]}).json(t, &rows)
	names := map[string]map[string]string{
		"zh": {"excellent": "优秀", "good": "良好", "pass": "合格", "fail": "不合格"},
		"en": {"excellent": "Excellent", "good": "Good", "pass": "Pass", "fail": "Fail"},
	}
	heads := map[string]string{"zh": "考核期,单位代码,单位名称,对比组,得分", "en": "Period,Unit code,Unit,Peer group,Score"}
	for lang, grades := range names {
		r := do(t, s, req{method: "GET", path: "/api/export/scores?period=2025Q3&format=csv&lang=" + lang, cookie: ck["city_leader"]})
		if r.code != 200 || !bytes.HasPrefix(r.body, []byte("\xef\xbb\xbf")) {
			t.Fatalf("%s: %d %q", lang, r.code, r.body)
		}
		recs, err := csv.NewReader(bytes.NewReader(r.body[3:])).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(strings.Join(recs[0], ","), heads[lang]) {
			t.Errorf("%s header %q", lang, recs[0])
		}
		if len(recs)-1 != len(rows) {
			t.Fatalf("%s: %d rows, the JSON export has %d", lang, len(recs)-1, len(rows))
		}
		for i, row := range rows {
			want := ""
			if row.Grade != nil {
				want = grades[*row.Grade]
			}
			if recs[i+1][1] != row.UnitCode || recs[i+1][7] != want {
				t.Errorf("%s row %d: %q, want %s graded %q", lang, i+1, recs[i+1], row.UnitCode, want)
			}
		}
	}
	page := do(t, s, req{method: "GET", path: "/?period=2025Q3", cookie: ck["city_leader"]})
	if !bytes.Contains(page.body, []byte(`href="/api/export/scores?period=2025Q3&amp;format=csv&amp;lang=zh"`)) {
		t.Error("the overview does not link to the score export")
	}
}
