//go:build !linux

package server

import (
	"net"
	"time"
)

// watchGone does not watch outside Linux: a render runs until its timeout.
func watchGone(conn net.Conn, interval time.Duration, gone func()) (stop func()) { return func() {} }
