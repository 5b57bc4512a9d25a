package dashboards

import (
	"html/template"
	"io"

	"jixiao/queries"
)

// NotifyData is /notifications: the user's inbox and their channel per event.
type NotifyData struct {
	Page
	Title string
	Flash Flash
	Inbox *queries.NotificationInbox
	Prefs []PrefRow
	Email string
}

// PrefRow is one event with the user's channel.
type PrefRow struct {
	Event, Label, Channel string
}

// WebhooksData is /admin/webhooks: the webhooks with their latest deliveries.
type WebhooksData struct {
	Page
	Title  string
	Flash  Flash
	Hooks  []WebhookRow
	Events []PrefRow // every event, for the form (Channel unused)
}

// WebhookRow is one webhook and its latest delivery attempts.
type WebhookRow struct {
	queries.Webhook
	Deliveries []queries.Delivery
}

// PrefRows are the events with their labels and the user's channels.
func PrefRows(lang string, prefs map[string]string) []PrefRow {
	out := make([]PrefRow, len(queries.EventKinds))
	for i, k := range queries.EventKinds {
		out[i] = PrefRow{Event: k, Label: T(lang, "nt_ev_"+k), Channel: prefs[k]}
	}
	return out
}

// NotifyPages renders the notification pages on the shared layout.
type NotifyPages struct{ t map[string]*template.Template }

// NewNotifyPages parses the notification templates once.
func NewNotifyPages() (*NotifyPages, error) {
	t, err := parsePages(funcs, map[string]string{"inbox": "templates/notify.html", "webhooks": "templates/webhooks.html"})
	if err != nil {
		return nil, err
	}
	return &NotifyPages{t: t}, nil
}

func (p *NotifyPages) render(w io.Writer, name string, d any) error {
	return renderLayout(p.t, w, name, d)
}

// Inbox writes /notifications.
func (p *NotifyPages) Inbox(w io.Writer, d *NotifyData) error {
	d.Lang = Lang(d.Lang)
	return p.render(w, "inbox", d)
}

// Webhooks writes /admin/webhooks.
func (p *NotifyPages) Webhooks(w io.Writer, d *WebhooksData) error {
	d.Lang = Lang(d.Lang)
	return p.render(w, "webhooks", d)
}
