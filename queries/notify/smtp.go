package notify

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"fmt"
	"mime"
	"net"
	"net/smtp"
	"strconv"
	"strings"
	"time"

	"jixiao/queries"
)

// sendMail sends one e-mail through the notify.smtp.* server: STARTTLS
// when set (required then), AUTH PLAIN when a user is set, the whole
// conversation bounded by MailTimeout. It answers 250 when the server
// took the message.
func (n *Notifier) sendMail(ctx context.Context, it queries.OutboxItem) (int, error) {
	cfg, err := n.store.LoadSMTP(ctx)
	if err != nil {
		return 0, err
	}
	if cfg.Host == "" {
		return 0, &permanent{"e-mail is not set up (" + queries.SettingSMTPHost + ")"}
	}
	if cfg.From == "" {
		return 0, &permanent{"e-mail is not set up (" + queries.SettingSMTPFrom + ")"}
	}
	addr := net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port))
	conn, err := net.DialTimeout("tcp", addr, n.MailTimeout)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(n.MailTimeout))
	c, err := smtp.NewClient(conn, cfg.Host)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	if cfg.StartTLS {
		if err := c.StartTLS(&tls.Config{ServerName: cfg.Host}); err != nil {
			return 0, fmt.Errorf("STARTTLS: %w", err)
		}
	}
	if cfg.User != "" {
		if err := c.Auth(smtp.PlainAuth("", cfg.User, cfg.Password, cfg.Host)); err != nil {
			return 0, fmt.Errorf("AUTH: %w", err)
		}
	}
	if err := c.Mail(cfg.From); err != nil {
		return 0, err
	}
	if err := c.Rcpt(it.Target); err != nil {
		return 0, &permanent{"recipient refused: " + err.Error()}
	}
	w, err := c.Data()
	if err != nil {
		return 0, err
	}
	if _, err := w.Write(message(cfg.From, it.Target, it.Subject, it.Body, time.Now())); err != nil {
		return 0, err
	}
	if err := w.Close(); err != nil {
		return 0, err
	}
	_ = c.Quit()
	return 250, nil
}

// message is an RFC 5322 message with a UTF-8 subject (RFC 2047) and a
// base64 UTF-8 plain-text body.
func message(from, to, subject, body string, at time.Time) []byte {
	var b strings.Builder
	clean := strings.NewReplacer("\r", "", "\n", "")
	from, to = clean.Replace(from), clean.Replace(to)
	b.WriteString("From: " + from + "\r\n")
	b.WriteString("To: " + to + "\r\n")
	b.WriteString("Subject: " + mime.BEncoding.Encode("utf-8", subject) + "\r\n")
	b.WriteString("Date: " + at.Format(time.RFC1123Z) + "\r\n")
	b.WriteString("MIME-Version: 1.0\r\n")
	b.WriteString("Content-Type: text/plain; charset=utf-8\r\n")
	b.WriteString("Content-Transfer-Encoding: base64\r\n\r\n")
	enc := base64.StdEncoding.EncodeToString([]byte(body))
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	return []byte(b.String())
}
