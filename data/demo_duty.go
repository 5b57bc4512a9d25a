package data

import (
	"encoding/csv"
	"slices"
	"sort"
	"strings"
)

// The demo's accountability (SPEC §13): the people of a few bureaus —
// 南宁 (GX01) with its deputy directors and department heads, its first
// county 兴宁区 (GX0101), 来宾 (GX13, the city office's) and the province
// — and, per decision indicator, the leader in charge and the
// responsible person, chosen by the indicator's lead department. They
// sign in with the demo password but are not printed among the logins.
// None of it changes a score.

// demoPeople are the users named in the demo's responsibilities.
var demoPeople = []DemoLogin{
	{"nn_fu1", DemoPassword, "leader", "GX01", "周立新"},
	{"nn_fu2", DemoPassword, "leader", "GX01", "梁美华"},
	{"nn_fu3", DemoPassword, "leader", "GX01", "黄伟明"},
	{"nn_nf", DemoPassword, "dept", "GX01-NF", "莫丽娟"},
	{"nn_sz", DemoPassword, "dept", "GX01-SZ", "韦国强"},
	{"nn_fz", DemoPassword, "dept", "GX01-FZ", "蓝天宇"},
	{"nn_cw", DemoPassword, "dept", "GX01-CW", "农小燕"},
	{"nn_xx", DemoPassword, "dept", "GX01-XX", "潘志勇"},
	{"nn_rj", DemoPassword, "dept", "GX01-RJ", "廖明"},
	{"nn_jc", DemoPassword, "dept", "GX01-JC", "谢红"},
	{"xn_fu1", DemoPassword, "leader", "GX0101", "李志军"},
	{"xn_zg", DemoPassword, "dept", "GX0101", "陈静"},
	{"xn_zh", DemoPassword, "dept", "GX0101", "黄丽"},
	{"lb_fu1", DemoPassword, "leader", "GX13", "覃明亮"},
	{"lb_zg", DemoPassword, "dept", "GX13-ZG", "韦丽"},
	{"gx_xx", DemoPassword, "dept", "GX-XX", "罗建平"},
}

// demoDuty says, per bureau, who leads and who answers for an indicator
// by its lead department; "" skips the indicator.
var demoDuty = []struct {
	unit, level   string
	leader, owner map[string]string
}{
	{unit: "GX01", level: "city",
		leader: map[string]string{"ZG": "nn_fu1", "XX": "nn_fu1", "NF": "nn_fu2", "FZ": "nn_fu2", "CW": "nn_fu3", "SZ": "nn_fu3", "JC": "city_leader", "RJ": "city_leader"},
		owner:  map[string]string{"ZG": "dept", "NF": "nn_nf", "SZ": "nn_sz", "FZ": "nn_fz", "CW": "nn_cw", "XX": "nn_xx", "RJ": "nn_rj", "JC": "nn_jc"}},
	{unit: "GX0101", level: "county",
		leader: map[string]string{"ZG": "xn_fu1", "XX": "xn_fu1", "NF": "xn_fu1", "FZ": "county_leader", "CW": "county_leader", "SZ": "county_leader", "JC": "county_leader", "RJ": "county_leader"},
		owner:  map[string]string{"ZG": "xn_zg", "XX": "xn_zg", "NF": "xn_zg", "FZ": "xn_zh", "CW": "xn_zh", "SZ": "xn_zh", "JC": "xn_zh", "RJ": "xn_zh"}},
	{unit: "GX13", level: "city",
		leader: map[string]string{"ZG": "lb_fu1"}, owner: map[string]string{"ZG": "lb_zg"}},
	{unit: "GX", level: "province",
		leader: map[string]string{"XX": "leader"}, owner: map[string]string{"XX": "gx_xx"}},
}

// writeDemoResponsibilities writes responsibilities.csv: one row per
// bureau of demoDuty and decision indicator of its level whose lead
// department it names, in code order.
func writeDemoResponsibilities(w *csv.Writer) error {
	for _, d := range demoDuty {
		lead := map[string]string{}
		for _, in := range demoIndicators {
			if in.tier == "decision" && (in.levels == "" || containsLevel(in.levels, d.level)) {
				lead[in.code] = in.lead
			}
		}
		codes := make([]string, 0, len(lead))
		for c := range lead {
			codes = append(codes, c)
		}
		sort.Strings(codes)
		for _, c := range codes {
			l, o := d.leader[lead[c]], d.owner[lead[c]]
			if l == "" && o == "" {
				continue
			}
			if err := w.Write([]string{d.unit, c, l, o}); err != nil {
				return err
			}
		}
	}
	return nil
}

func containsLevel(levels, level string) bool {
	return slices.Contains(strings.Split(levels, ","), level)
}
