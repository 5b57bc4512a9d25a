// Package secrets seals the passwords jixiao must keep but never show
// (a source's password, the directory's service account, SMTP, webhook
// secrets): AES-GCM under a key kept outside the database (SPEC §11), so
// that a copy of the database or a backup holds no password in plain text.
package secrets

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// EnvKey names the environment variable holding the key (base64, 32 bytes).
const EnvKey = "JIXIAO_SECRET_KEY"

// prefix marks a sealed value, so that a plain value is never taken for one.
const prefix = "jxs1:"

// Box seals and opens secrets under one key.
type Box struct{ aead cipher.AEAD }

// Load returns the box of the database at dbPath: the key from
// JIXIAO_SECRET_KEY, or else from the file jixiao.key (mode 0600) beside
// the database, created on first use. An in-memory database (dbPath "")
// without the variable gets a key of its own for the life of the process.
func Load(dbPath string) (*Box, error) {
	if v := strings.TrimSpace(os.Getenv(EnvKey)); v != "" {
		key, err := base64.StdEncoding.DecodeString(v)
		if err != nil || len(key) != 32 {
			return nil, fmt.Errorf("%s must be 32 bytes in base64", EnvKey)
		}
		return New(key)
	}
	if dbPath == "" {
		key := make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return nil, err
		}
		return New(key)
	}
	path := filepath.Join(filepath.Dir(dbPath), "jixiao.key")
	key, err := readKeyFile(path)
	if errors.Is(err, os.ErrNotExist) {
		key = make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return nil, err
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			if errors.Is(err, os.ErrExist) { // created meanwhile by another process
				if key, err = readKeyFile(path); err != nil {
					return nil, err
				}
				return New(key)
			}
			return nil, err
		}
		_, werr := f.WriteString(base64.StdEncoding.EncodeToString(key) + "\n")
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return nil, werr
		}
		return New(key)
	}
	if err != nil {
		return nil, err
	}
	return New(key)
}

func readKeyFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(key) != 32 {
		return nil, fmt.Errorf("%s does not hold a 32-byte key in base64", path)
	}
	return key, nil
}

// New returns a box for a 32-byte key.
func New(key []byte) (*Box, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Box{aead: aead}, nil
}

// Seal encrypts plain; the empty string stays empty (no secret stored).
func (b *Box) Seal(plain string) (string, error) {
	if plain == "" {
		return "", nil
	}
	nonce := make([]byte, b.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	out := b.aead.Seal(nonce, nonce, []byte(plain), nil)
	return prefix + base64.StdEncoding.EncodeToString(out), nil
}

// ErrKey means a sealed value cannot be opened with this key (the key
// changed, or the value was tampered with).
var ErrKey = errors.New("a stored secret cannot be decrypted with this key (was jixiao.key or JIXIAO_SECRET_KEY changed?)")

// Open decrypts what Seal returned; "" opens to "".
func (b *Box) Open(sealed string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	if !strings.HasPrefix(sealed, prefix) {
		return "", ErrKey
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(sealed, prefix))
	if err != nil || len(raw) < b.aead.NonceSize() {
		return "", ErrKey
	}
	n := b.aead.NonceSize()
	plain, err := b.aead.Open(nil, raw[:n], raw[n:], nil)
	if err != nil {
		return "", ErrKey
	}
	return string(plain), nil
}
