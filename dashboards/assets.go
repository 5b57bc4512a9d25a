package dashboards

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"path"
	"sort"
	"strings"
	"sync"
)

//go:embed assets
var assetFS embed.FS

// AssetPrefix is the URL folder every asset is served under.
const AssetPrefix = "/assets/"

// AssetCacheControl is the Cache-Control of a hashed asset: its name changes
// whenever its bytes do, so a browser may keep it forever.
const AssetCacheControl = "public, max-age=31536000, immutable"

// Asset is one embedded static file.
type Asset struct {
	Name        string // as in the source tree: "app.js"
	Path        string // the URL it is served at: "/assets/app.3f2a1b9c.js"
	ContentType string
	Body        []byte

	gzOnce sync.Once
	gz     []byte
}

// Gzipped is the body compressed with gzip, made once on first use
// (ECharts shrinks from 1 MB to about 330 KB), or nil when compressing
// does not pay (images).
func (a *Asset) Gzipped() []byte {
	a.gzOnce.Do(func() {
		if !strings.HasPrefix(a.ContentType, "text/") && a.ContentType != "image/svg+xml" {
			return
		}
		var b bytes.Buffer
		w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		_, _ = w.Write(a.Body)
		_ = w.Close()
		if b.Len() < len(a.Body) {
			a.gz = b.Bytes()
		}
	})
	return a.gz
}

var assets = loadAssets()

type assetIndex struct {
	byName map[string]*Asset
	byPath map[string]*Asset
}

func loadAssets() assetIndex {
	idx := assetIndex{byName: map[string]*Asset{}, byPath: map[string]*Asset{}}
	entries, err := fs.ReadDir(assetFS, "assets")
	if err != nil {
		panic(err) // the embed is part of the binary: this cannot fail
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		body, err := assetFS.ReadFile("assets/" + e.Name())
		if err != nil {
			panic(err)
		}
		a := &Asset{Name: e.Name(), Path: AssetPrefix + hashedName(e.Name(), body), ContentType: contentType(e.Name()), Body: body}
		idx.byName[a.Name] = a
		idx.byPath[a.Path] = a
	}
	return idx
}

// hashedName puts the first 10 hex digits of the content's SHA-256 before
// the extension: app.js → app.1a2b3c4d5e.js.
func hashedName(name string, body []byte) string {
	sum := sha256.Sum256(body)
	h := hex.EncodeToString(sum[:5])
	ext := path.Ext(name)
	if strings.HasSuffix(name, ".min.js") {
		ext = ".min.js"
	}
	return strings.TrimSuffix(name, ext) + "." + h + ext
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".txt":
		return "text/plain; charset=utf-8"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// AssetPath is the hashed URL of an embedded asset ("app.js" →
// "/assets/app.1a2b3c4d5e.js"). It panics on an unknown name, so that a typo
// in a template fails at start rather than as a broken page.
func AssetPath(name string) string {
	a, ok := assets.byName[name]
	if !ok {
		panic("dashboards: no asset " + name)
	}
	return a.Path
}

// LookupAsset finds the asset served at a URL path (hashed names only).
func LookupAsset(urlPath string) (*Asset, bool) {
	a, ok := assets.byPath[urlPath]
	return a, ok
}

// Assets lists every embedded asset, by name.
func Assets() []*Asset {
	out := make([]*Asset, 0, len(assets.byName))
	for _, a := range assets.byName {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
