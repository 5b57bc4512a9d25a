package dashboards

// measureUnitsEn are the catalogue's units of measure in English.
var measureUnitsEn = map[string]string{
	"分": " pts", "件": " cases", "天": " days", "分钟": " min", "小时": " h", "次": " times",
	"个": " units", "户": " households", "元": " yuan", "万元": " ×10k yuan", "人": " people",
}

// MeasureUnit is an indicator's unit of measure as the page shows it: as
// imported in Chinese ("件"), translated in English (" cases"); symbols
// such as % stay.
func MeasureUnit(lang, u string) string {
	if lang == "en" {
		if e, ok := measureUnitsEn[u]; ok {
			return e
		}
	}
	return u
}
