package server

import "jixiao/data"

// The example row of the responsibilities import template (SPEC §13).
func init() {
	templateExamples[data.KindResponsibilities] = map[string]string{"unit_code": "GX01", "indicator_code": "D01", "leader": "zhangsan", "owner": "lisi"}
}
