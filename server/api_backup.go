package server

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/gofiber/fiber/v2"
)

// backupTimeout bounds one backup of a running server.
const backupTimeout = 10 * time.Minute

func (s *Server) registerBackupRoutes(api fiber.Router) {
	api.Post("/admin/backup", s.backup)
}

// backup answers a consistent copy of the database (queries.Store.Backup)
// as a DuckDB file download: the way to back up while the server holds the
// file. The policy opens it to administrators only.
func (s *Server) backup(c *fiber.Ctx) error {
	dir, err := os.MkdirTemp("", "jixiao-backup-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "backup.duckdb")
	ctx, cancel := context.WithTimeout(context.Background(), backupTimeout)
	defer cancel()
	if err := s.Store.Backup(ctx, path); err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	s.Audit(c, "backup", "", fmt.Sprintf("%d bytes", st.Size()))
	name := "jixiao-backup-" + time.Now().Format("20060102-150405") + ".duckdb"
	c.Set(fiber.HeaderContentType, "application/octet-stream")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	// The open file is sent after the folder is removed (Linux keeps it
	// until closed); fasthttp closes it once sent.
	return c.SendStream(f, int(st.Size()))
}
