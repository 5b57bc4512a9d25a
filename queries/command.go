package queries

import (
	"context"
	"errors"
	"fmt"
)

// The command line's side of the store (main's cmd_*.go parse the flags
// and call one of these): opening the database file with a lock held by
// a running server explained, backing it up, restoring it, rolling back.

// OpenFile opens the database at path for a command, explaining a lock
// held by a running server.
func OpenFile(path string) (*Store, error) {
	s, err := Open(path)
	if errors.Is(err, ErrLocked) {
		return nil, fmt.Errorf("数据库 %s 正被运行中的 jixiao 服务占用（DuckDB 只允许一个进程写入）。\n"+
			"请在网页的“数据导入”页面（/imports）或通过 POST /api/imports/{kind} 导入，或先停止服务再使用命令行。\n"+
			"The database %s is held by a running jixiao server (DuckDB allows one writing process): import through the web page /imports or POST /api/imports/{kind}, or stop the server first", path, path)
	}
	return s, err
}

// heldByServer explains what to do when a running server holds the database.
func heldByServer(db, verb string) error {
	if verb == "backup" {
		return fmt.Errorf("数据库 %s 正被运行中的 jixiao 服务占用：请由管理员通过服务备份：\n"+
			"  curl -X POST -H 'Authorization: Bearer 令牌' http://服务地址/api/admin/backup -o 备份.duckdb\n"+
			"The database %s is held by a running jixiao server: take the backup through it, as an administrator:\n"+
			"  curl -X POST -H 'Authorization: Bearer TOKEN' http://HOST/api/admin/backup -o backup.duckdb", db, db)
	}
	return fmt.Errorf("数据库 %s 正被运行中的 jixiao 服务占用：请先停止服务再恢复。\n"+
		"The database %s is held by a running jixiao server: stop it before restoring", db, db)
}

// BackupFile writes a consistent copy of the database at db to file (a
// new file): `jixiao backup`.
func BackupFile(ctx context.Context, db, file string) (err error) {
	s, err := Open(db)
	if errors.Is(err, ErrLocked) {
		return heldByServer(db, "backup")
	}
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, s.Close()) }()
	return s.Backup(ctx, file)
}

// RestoreFile replaces the database at db by the backup file, keeping the
// old one (Restore): `jixiao restore`.
func RestoreFile(file, db string) error {
	err := Restore(file, db)
	if errors.Is(err, ErrLocked) {
		return heldByServer(db, "restore")
	}
	return err
}
