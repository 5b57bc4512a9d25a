package data

import "testing"

// TestWordsInBothLanguages: every name of the vocabulary has its English
// twin, and the functions pick them by language.
func TestWordsInBothLanguages(t *testing.T) {
	for what, w := range map[string]struct {
		zh, en map[string]string
		fn     func(lang, key string) string
	}{
		"grade":         {GradeNames, gradeNamesEn, GradeName},
		"status":        {StatusNames, statusNamesEn, StatusName},
		"system":        {SystemNames, systemNamesEn, SystemName},
		"appeal":        {AppealStatusNames, appealStatusNamesEn, AppealStatusName},
		"rectification": {RectStatusNames, rectStatusNamesEn, RectStatusName},
		"source":        {RectSourceNames, rectSourceNamesEn, RectSourceName},
		"declaration":   {SubmissionStatusNames, submissionStatusNamesEn, SubmissionStatusName},
		"kind":          {KindNames, kindNamesEn, KindName},
		"kind group":    {KindGroupNames, kindGroupNamesEn, KindGroupName},
	} {
		if len(w.zh) != len(w.en) {
			t.Errorf("%s: %d Chinese names, %d English", what, len(w.zh), len(w.en))
		}
		for key, zh := range w.zh {
			en, ok := w.en[key]
			if !ok || en == "" {
				t.Errorf("%s %s: no English name", what, key)
			}
			if w.fn("zh", key) != zh || w.fn("en", key) != en || w.fn("", key) != zh {
				t.Errorf("%s %s: %q / %q", what, key, w.fn("zh", key), w.fn("en", key))
			}
		}
	}
	if got := StatusName("zh", "final"); got != "已定稿" {
		t.Errorf("final is %q, want 已定稿 everywhere", got)
	}
	if got := ShortName("国家税务总局来宾市税务局"); got != "来宾市局" {
		t.Errorf("ShortName = %q", got)
	}
}
