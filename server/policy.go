package server

import (
	"embed"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	stringadapter "github.com/casbin/casbin/v2/persist/string-adapter"

	"jixiao/data"
	"jixiao/queries"
)

//go:embed policy/model.conf policy/policy.csv
var policyFS embed.FS

// roleAnonymous is the casbin subject of a request without a session.
const roleAnonymous = "anonymous"

// Policy is one loaded casbin model and policy: route permissions and the
// scope (SPEC §4) of every role. It is read-only once loaded.
type Policy struct {
	e      *casbin.Enforcer
	scopes map[string]queries.Scope  // role|level -> scope without Unit
	rights map[string]queries.Rights // role|level -> write rights
	source string

	mu        sync.RWMutex
	decisions map[string]bool // role|level|method|path -> allowed
}

// loadPolicy reads model.conf and policy.csv from dir when present there,
// else the embedded defaults. Once a folder is given it must exist and
// hold policy.csv (a missing folder or file is an error, never a silent
// fall back to the built-in policy, which may be wider); model.conf may
// be left out to keep the built-in model.
func loadPolicy(dir string) (*Policy, error) {
	if dir == "" {
		return loadPolicyFiles("", nil)
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("policy folder %s does not exist or is not a folder / 策略目录不存在", dir)
	}
	return loadPolicyFiles(dir, []string{"policy.csv"})
}

// loadPolicyFiles loads the policy of dir, where the files named in
// required must be present and readable; the others fall back to the
// built-in ones when absent.
func loadPolicyFiles(dir string, required []string) (*Policy, error) {
	read := func(name string) (string, string, error) {
		if dir != "" {
			b, err := os.ReadFile(filepath.Join(dir, name))
			if err == nil {
				return string(b), filepath.Join(dir, name), nil
			}
			if !errors.Is(err, os.ErrNotExist) || contains(required, name) {
				return "", "", fmt.Errorf("policy file %s: %w", filepath.Join(dir, name), err)
			}
		}
		b, err := policyFS.ReadFile("policy/" + name)
		return string(b), "built-in " + name, err
	}
	mtext, msrc, err := read("model.conf")
	if err != nil {
		return nil, err
	}
	ptext, psrc, err := read("policy.csv")
	if err != nil {
		return nil, err
	}
	p, err := newPolicy(mtext, ptext)
	if err != nil {
		return nil, fmt.Errorf("policy (%s, %s): %w", msrc, psrc, err)
	}
	p.source = msrc + " + " + psrc
	return p, nil
}

func newPolicy(modelText, policyText string) (*Policy, error) {
	m, err := model.NewModelFromString(modelText)
	if err != nil {
		return nil, err
	}
	e, err := casbin.NewEnforcer(m, stringadapter.NewAdapter(policyText))
	if err != nil {
		return nil, err
	}
	e.AddFunction("pathMatch", func(args ...any) (any, error) {
		return pathMatch(args[0].(string), args[1].(string)), nil
	})
	e.AddFunction("methodMatch", func(args ...any) (any, error) {
		return methodMatch(args[0].(string), args[1].(string)), nil
	})
	p := &Policy{e: e, scopes: map[string]queries.Scope{}, rights: map[string]queries.Rights{}, decisions: map[string]bool{}}
	for _, role := range data.Roles {
		for _, level := range append([]string{""}, data.Levels...) {
			sc, err := p.resolveScope(role, level)
			if err != nil {
				return nil, err
			}
			p.scopes[role+"|"+level] = sc
			if p.rights[role+"|"+level], err = p.resolveRights(role, level); err != nil {
				return nil, err
			}
		}
	}
	if err := p.checkGrants(); err != nil {
		return nil, err
	}
	return p, nil
}

// resolveScope turns the scope and periods rows of a role (with those it
// inherits) into a queries.Scope.
func (p *Policy) resolveScope(role, level string) (queries.Scope, error) {
	var sc queries.Scope
	perms, err := p.e.GetImplicitPermissionsForUser(role)
	if err != nil {
		return sc, err
	}
	statuses := map[string]bool{}
	for _, r := range perms {
		if len(r) < 4 || (r[1] != "*" && r[1] != level) {
			continue
		}
		switch r[2] {
		case "scope":
			for _, tok := range strings.Split(r[3], "+") {
				switch strings.TrimSpace(tok) {
				case "all":
					sc.All = true
				case "self":
				case "subtree":
					sc.Subtree = true
				case "peers":
					sc.PeersNamed = true
				case "anon_peers":
					sc.PeersAnon = true
				default:
					return sc, fmt.Errorf("role %s: unknown scope rule %q (all, self, subtree, peers, anon_peers)", role, tok)
				}
			}
		case "periods":
			for _, st := range strings.Split(r[3], "|") {
				st = strings.TrimSpace(st)
				if !contains(data.Statuses, st) {
					return sc, fmt.Errorf("role %s: unknown period status %q (open, review, final)", role, st)
				}
				statuses[st] = true
			}
		}
	}
	for _, st := range data.Statuses { // stable order: the scope key depends on it
		if statuses[st] {
			sc.Statuses = append(sc.Statuses, st)
		}
	}
	return sc, nil
}

// resolveRights turns the write rows of a role (with those it inherits)
// into the reaches of each write action.
func (p *Policy) resolveRights(role, level string) (queries.Rights, error) {
	perms, err := p.e.GetImplicitPermissionsForUser(role)
	if err != nil {
		return nil, err
	}
	rights := queries.Rights{}
	for _, r := range perms {
		if len(r) < 4 || (r[1] != "*" && r[1] != level) {
			continue
		}
		act, ok := strings.CutPrefix(r[2], "write:")
		if !ok {
			continue
		}
		acts := []string{act}
		if act == "*" {
			acts = queries.Actions
		} else if !contains(queries.Actions, act) {
			return nil, fmt.Errorf("role %s: unknown write action %q (%s)", role, act, strings.Join(queries.Actions, ", "))
		}
		reach, err := queries.ParseReach(r[3])
		if err != nil {
			return nil, fmt.Errorf("role %s, write:%s: %w", role, act, err)
		}
		for _, a := range acts {
			rights[a] = append(rights[a], reach...)
		}
	}
	return rights, nil
}

// RightsOf are the write rights of a user's role at its unit's level.
func (p *Policy) RightsOf(a *queries.Account) queries.Rights {
	if a == nil {
		return nil
	}
	return p.rights[a.Role+"|"+a.UnitLevel]
}

// ScopeOf is what a user sees; a role the policy does not know sees nothing.
func (p *Policy) ScopeOf(a *queries.Account) queries.Scope {
	if a == nil {
		return queries.Scope{}
	}
	sc, ok := p.scopes[a.Role+"|"+a.UnitLevel]
	if !ok {
		return queries.Scope{}
	}
	if !sc.All {
		sc.Unit = a.UnitCode
	}
	sc.Statuses = append([]string(nil), sc.Statuses...)
	return sc
}

// Allow says whether role, at a unit of level, may act on obj (a path or a
// named permission). Decisions are remembered: the policy does not change
// while loaded, and casbin evaluates its matcher row by row.
func (p *Policy) Allow(role, level, obj, act string) bool {
	key := role + "|" + level + "|" + act + "|" + obj
	p.mu.RLock()
	ok, hit := p.decisions[key]
	p.mu.RUnlock()
	if hit {
		return ok
	}
	ok, err := p.e.Enforce(role, level, obj, act)
	if err != nil {
		return false
	}
	p.mu.Lock()
	if len(p.decisions) > 50000 { // paths carry codes: keep the memory bounded
		p.decisions = map[string]bool{}
	}
	p.decisions[key] = ok
	p.mu.Unlock()
	return ok
}

var (
	patternMu sync.RWMutex
	patterns  = map[string]*regexp.Regexp{}
	segmentRe = regexp.MustCompile(`:[^/]+`)
)

// pathMatch is casbin's keyMatch2 with compiled patterns kept: ":x" matches
// one segment, "/*" anything below, and "*" alone everything.
func pathMatch(path, pattern string) bool {
	if pattern == "*" {
		return true
	}
	if !strings.ContainsAny(pattern, ":*") {
		return path == pattern
	}
	patternMu.RLock()
	re := patterns[pattern]
	patternMu.RUnlock()
	if re == nil {
		src := strings.ReplaceAll(regexp.QuoteMeta(pattern), `/\*`, "/.*")
		src = segmentRe.ReplaceAllString(src, "[^/]+")
		re = regexp.MustCompile("^" + src + "$")
		patternMu.Lock()
		patterns[pattern] = re
		patternMu.Unlock()
	}
	return re.MatchString(path)
}

// methodMatch matches a method against "GET|POST" lists; GET allows HEAD.
func methodMatch(method, pattern string) bool {
	if pattern == "*" {
		return true
	}
	for _, m := range strings.Split(pattern, "|") {
		m = strings.TrimSpace(m)
		if m == method || (m == "GET" && method == "HEAD") {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// policyHolder swaps in an edited policy folder without a restart.
type policyHolder struct {
	p        atomic.Pointer[Policy]
	dir      string
	mtimes   string
	required []string // the folder's files at start: each must stay there
}

func newPolicyHolder(p *Policy, dir string) *policyHolder {
	h := &policyHolder{dir: dir}
	h.p.Store(p)
	if dir != "" {
		h.mtimes = h.stamp()
		for _, n := range []string{"model.conf", "policy.csv"} {
			if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
				h.required = append(h.required, n)
			}
		}
	}
	return h
}

func (h *policyHolder) get() *Policy { return h.p.Load() }

func (h *policyHolder) source() string { return h.get().source }

func (h *policyHolder) stamp() string {
	var b strings.Builder
	for _, n := range []string{"model.conf", "policy.csv"} {
		if st, err := os.Stat(filepath.Join(h.dir, n)); err == nil {
			fmt.Fprintf(&b, "%s:%d:%d:%s;", n, st.ModTime().UnixNano(), st.Size(), st.Mode())
		} else {
			fmt.Fprintf(&b, "%s:missing;", n)
		}
	}
	return b.String()
}

// reloadIfChanged reloads the policy folder when one of its files changed;
// a broken, missing or unreadable file is logged as an error and the
// running policy (the last good one) stays.
func (h *policyHolder) reloadIfChanged(log *slog.Logger) {
	if h.dir == "" {
		return
	}
	st := h.stamp()
	if st == h.mtimes {
		return
	}
	h.mtimes = st
	p, err := loadPolicyFiles(h.dir, h.required)
	if err != nil {
		log.Error("policy not reloaded: the files have an error; the previous policy stays", "err", err)
		return
	}
	h.p.Store(p)
	log.Info("policy reloaded", "source", p.source, "at", time.Now().Format(time.RFC3339))
}
