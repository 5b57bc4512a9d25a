package data

import (
	"encoding/json"
	"math"
	"testing"
	"time"
)

// TestMarshalJSONNonFinite: NaN and ±Inf anywhere become null; everything
// else is written as json.Marshal writes it.
func TestMarshalJSONNonFinite(t *testing.T) {
	type inner struct {
		Rate float64 `json:"rate"`
	}
	type row struct {
		inner
		Score  float64            `json:"score"`
		Opt    *float64           `json:"opt"`
		Skip   float64            `json:"-"`
		Empty  string             `json:"empty,omitempty"`
		Named  string             `json:"named"`
		At     time.Time          `json:"at"`
		Series map[string]any     `json:"series"`
		Sys    map[string]float64 `json:"sys"`
		List   []float64          `json:"list"`
	}
	inf := math.Inf(-1)
	v := []row{{inner: inner{Rate: math.NaN()}, Score: math.Inf(1), Opt: &inf, Skip: 1, Named: "<x>", At: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC),
		Series: map[string]any{"data": []any{1.5, math.NaN(), "a"}}, Sys: map[string]float64{"law": math.Inf(1), "org": 2}, List: []float64{math.NaN(), 3}}}
	b, err := MarshalJSON(v)
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"at":"2025-12-31T00:00:00Z","list":[null,3],"named":"\u003cx\u003e","opt":null,"rate":null,"score":null,"series":{"data":[1.5,null,"a"]},"sys":{"law":null,"org":2}}]`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	// Finite values: exactly json.Marshal's bytes.
	v[0].Rate, v[0].Score, v[0].Opt, v[0].Series, v[0].Sys, v[0].List = 0.5, 87.13, nil, nil, nil, nil
	got, _ := MarshalJSON(v)
	std, _ := json.Marshal(v)
	if string(got) != string(std) {
		t.Errorf("finite: got %s want %s", got, std)
	}
}
