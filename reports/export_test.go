package reports

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"

	"jixiao/queries"
)

// TestScoresCSVNeutralisesFormulas: imported text that a spreadsheet would
// run as a formula is written with a leading apostrophe; numbers stay numbers.
func TestScoresCSVNeutralisesFormulas(t *testing.T) {
	group, grade := "@SUM(1)", "good"
	law := 12.5
	rows := []queries.ScoreRow{{Period: "2025Q4", UnitCode: "-X1", UnitName: "=HYPERLINK(\"http://evil\",\"x\")", Group: &group,
		Score: 87.13, Grade: &grade, Systems: map[string]*float64{"law": &law}}}
	var buf bytes.Buffer
	if err := WriteScoresCSV(&buf, rows); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"2025Q4", "'-X1", "'=HYPERLINK(\"http://evil\",\"x\")", "'@SUM(1)", "87.13", "", "", "good", "false",
		"12.50", "", "", "", "", ""}
	if !reflect.DeepEqual(recs[1], want) {
		t.Errorf("row:\n got %q\nwant %q", recs[1], want)
	}
}

// TestScoresJSONNonFinite: a score that is not a finite number is written
// as null, never an error.
func TestScoresJSONNonFinite(t *testing.T) {
	inf, nan := math.Inf(-1), math.NaN()
	rows := []queries.ScoreRow{{Period: "2025Q4", UnitCode: "A", Score: math.Inf(1), Systems: map[string]*float64{"law": &inf, "org": &nan}},
		{Period: "2025Q4", UnitCode: "B", Score: 87.13}}
	var buf bytes.Buffer
	if err := WriteScoresJSON(&buf, rows); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("%v: %s", err, buf.Bytes())
	}
	sys := got[0]["systems"].(map[string]any)
	if got[0]["score"] != nil || sys["law"] != nil || sys["org"] != nil || got[1]["score"] != 87.13 {
		t.Errorf("got %s", buf.Bytes())
	}
}
