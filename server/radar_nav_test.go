package server

import (
	"context"
	"encoding/json"
	"jixiao/queries/fixture"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// radarSeries is the radar's series on a page: name → values (nil for "-").
func radarSeries(t *testing.T, html string) map[string][]*float64 {
	t.Helper()
	m := regexp.MustCompile(`<script type="application/json" id="chart-radar">(.*?)</script>`).FindStringSubmatch(html)
	if m == nil {
		t.Fatal("no radar on the page")
	}
	var spec struct {
		Option struct {
			Series []struct {
				Name string `json:"name"`
				Data []struct {
					Value []any `json:"value"`
				} `json:"data"`
			} `json:"series"`
		} `json:"option"`
	}
	if err := json.Unmarshal([]byte(m[1]), &spec); err != nil {
		t.Fatal(err)
	}
	out := map[string][]*float64{}
	for _, s := range spec.Option.Series {
		var vals []*float64
		for _, v := range s.Data[0].Value {
			if f, ok := v.(float64); ok {
				vals = append(vals, &f)
			} else {
				vals = append(vals, nil)
			}
		}
		out[s.Name] = vals
	}
	return out
}

// TestDeptRadarGroupAverage: a department sees its anonymised peers' group
// average on the radar when the group has at least
// privacy.min_group_for_average units (the fixture's 8 departments of
// 百色, means from expected_scores.csv), and a note instead below it.
func TestDeptRadarGroupAverage(t *testing.T) {
	t.Parallel() // its own store and server
	st := loadFixture(t, "")
	s := newTestServer(t, st)
	dept := mustLogin(t, s, "dept")
	recs := fixture.Records(t, "expected_scores.csv")
	var want [6]float64
	var n [6]int
	for _, r := range recs[1:] {
		if r[0] != "2025Q3" || r[2] != "GX01:department" {
			continue
		}
		for i := 0; i < 6; i++ {
			if v, err := strconv.ParseFloat(r[8+i], 64); err == nil {
				want[i] += v
				n[i]++
			}
		}
	}
	for _, path := range []string{"/?period=2025Q3", "/units/GX01-ZG?period=2025Q3"} {
		page := do(t, s, req{method: "GET", path: path, cookie: dept})
		if page.code != 200 {
			t.Fatalf("%s: %d", path, page.code)
		}
		series := radarSeries(t, string(page.body))
		avg, ok := series["组平均"]
		if len(series) != 2 || !ok {
			t.Fatalf("%s: radar series %v, want the department and 组平均", path, series)
		}
		for i := 0; i < 6; i++ {
			if n[i] == 0 {
				if avg[i] != nil {
					t.Errorf("%s system %d: %v, want none", path, i, *avg[i])
				}
				continue
			}
			exp := math.Floor(want[i]/float64(n[i])*100+0.5+1e-9) / 100
			if avg[i] == nil || *avg[i] != exp {
				t.Errorf("%s system %d: %v, want %.2f", path, i, avg[i], exp)
			}
		}
	}
	if err := st.SetSetting(context.Background(), "test", "privacy.min_group_for_average", "10"); err != nil {
		t.Fatal(err)
	}
	s.Read.Check(context.Background()) //nolint:errcheck // the next read checks again
	page := string(do(t, s, req{method: "GET", path: "/?period=2025Q3", cookie: dept}).body)
	if series := radarSeries(t, page); len(series) != 1 {
		t.Errorf("with the setting at 10: series %v, want the department alone", series)
	}
	if !strings.Contains(page, `<p class="chart-caption">对比组仅 8 个单位（少于 10 个）`) {
		t.Error("with the setting at 10 the radar does not say why the average is missing")
	}
}

// TestNavHealth: the indicator health page has a nav entry for the roles
// the policy gives the tool, and none for the others.
func TestNavHealth(t *testing.T) {
	s, cookies := sharedServer(t)
	nav := regexp.MustCompile(`(?s)<nav class="nav".*?</nav>`)
	for user, want := range map[string]bool{"leader": true, "city_office": true, "county_leader": true, "admin": true, "dept": false, "staff": false} {
		page := do(t, s, req{method: "GET", path: "/", cookie: cookies[user]})
		got := strings.Contains(nav.FindString(string(page.body)), `href="/indicators/health"`)
		if got != want {
			t.Errorf("%s: health in the nav %v, want %v", user, got, want)
		}
		if r := do(t, s, req{method: "GET", path: "/indicators/health", cookie: cookies[user]}); (r.code == 200) != want {
			t.Errorf("%s opens /indicators/health: %d", user, r.code)
		}
	}
}
