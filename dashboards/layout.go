package dashboards

// Card is one block of a page's 12-column grid: a chart, a table or an
// extra section.
type Card struct {
	ID      string
	Title   string
	Span    int
	Chart   *Chart
	Table   *Table
	Points  []string
	Compact bool // a table that scrolls within a fixed height
}

// defaultSpans are the widths charts ask for by kind.
var defaultSpans = map[string]int{
	"ranking": 7, "grades": 5, "heatmap": 7, "radar": 5, "trend": 6, "rank": 6,
	"losses": 6, "boxplot": 8, "completion": 4, "note": 6,
}

// chartCards wraps charts as cards.
func chartCards(cs ...Chart) []Card {
	out := make([]Card, len(cs))
	for i := range cs {
		c := cs[i]
		span := c.Span
		if span == 0 {
			span = defaultSpans[c.Kind]
		}
		if span == 0 {
			span = 6
		}
		out[i] = Card{ID: "card-" + c.ID, Title: c.Title, Span: span, Chart: &c}
	}
	return out
}

// sectionCards wraps extra sections as cards.
func sectionCards(ss []Section) []Card {
	out := make([]Card, 0, len(ss))
	for _, s := range ss {
		span := 6
		if s.Wide {
			span = 12
		}
		out = append(out, Card{ID: s.ID, Title: s.Title, Span: span, Chart: s.Chart, Table: s.Table, Points: s.Points})
	}
	return out
}

// pack widens cards so that every row of the grid is full: a card that
// does not fit its row pushes to the next, and the card before it takes
// the rest of the row.
func pack(cards []Card) []Card {
	used := 0
	for i := range cards {
		s := min(max(cards[i].Span, 1), 12)
		cards[i].Span = s
		if used+s > 12 && i > 0 {
			cards[i-1].Span += 12 - used
			used = 0
		}
		used += s
		if used == 12 {
			used = 0
		}
	}
	if n := len(cards); n > 0 && used > 0 {
		cards[n-1].Span += 12 - used
	}
	return cards
}
