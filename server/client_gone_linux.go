//go:build linux

package server

import (
	"errors"
	"net"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Linux TCP states (include/net/tcp_states.h): the peer closed its side.
const (
	tcpClose     = 7
	tcpCloseWait = 8
)

// watchGone calls gone once the client at the other end of conn has closed
// the connection, checking every interval until stop is closed. It peeks
// (MSG_PEEK) and reads the socket's TCP state, never its bytes, so the
// server's own reading is not disturbed. A connection that is not a plain TCP socket is not watched.
func watchGone(conn net.Conn, interval time.Duration, gone func()) (stop func()) {
	sc, ok := conn.(syscall.Conn)
	if !ok {
		return func() {}
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return func() {}
	}
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		buf := make([]byte, 1)
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			closed := false
			err := rc.Control(func(fd uintptr) {
				n, _, err := syscall.Recvfrom(int(fd), buf, syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
				closed = n == 0 && err == nil || (err != nil && !errors.Is(err, syscall.EAGAIN) && !errors.Is(err, syscall.EINTR))
				// Unread bytes hide the end of the stream from a peek: the
				// socket's state tells that the client sent its FIN.
				if info, err := unix.GetsockoptTCPInfo(int(fd), unix.IPPROTO_TCP, unix.TCP_INFO); err == nil {
					closed = closed || info.State == tcpCloseWait || info.State == tcpClose
				}
			})
			if err != nil || closed {
				gone()
				return
			}
		}
	}()
	return func() { close(done) }
}
