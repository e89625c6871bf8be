package expr

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxPathDepth is the largest number of dereferences (map keys and list
// indexes after the top-level name) DynamoDB accepts in a document path.
const MaxPathDepth = 32

// Path is an attribute path: a top-level attribute name followed by map keys
// and list indexes. Paths are immutable values; copying one is safe and
// deriving a new path (Field, Index) never changes the original.
//
// Names are taken literally: Name("a.b") is one attribute whose name contains
// a dot, not the map key b inside attribute a. Every name is rendered through
// a name placeholder, so reserved words, dots, dashes, spaces and any other
// characters are all fine.
//
// Invalid paths (an empty name, a negative index, too deep a nesting) can be
// built freely; Err reports the problem, and the Builder refuses them.
//
// The entity-aware packages (entity, query, update, txn) check every path
// against the entity's model before sending a request: a top-level name the
// model does not declare, or a field its Go type does not have, is refused.
// A path started with Undeclared is exempt from that check.
type Path struct {
	root  string
	elems []pathElem
	// undeclared marks a path started with Undeclared: an attribute the
	// model does not declare, named on purpose.
	undeclared bool
}

type pathElem struct {
	name  string
	index int
	isIdx bool
}

// PathElem is one dereference in a Path: either a map key (IsIndex false,
// Name set) or a list index (IsIndex true, Index set).
type PathElem struct {
	Name    string
	Index   int
	IsIndex bool
}

// Name returns the path of a top-level attribute. The name is taken literally.
//
// Where a request is built for an entity, the name must be one the entity's
// model declares (or a key or metadata attribute of it); use Undeclared for
// any other attribute.
func Name(name string) Path { return Path{root: name} }

// Undeclared returns the path of a top-level attribute that the entity's
// model does not declare: an attribute written by other code, by an older
// version of the model, or by hand. It renders exactly as Name(name) does;
// the only difference is that the entity-aware packages do not check it,
// or the map keys and list indexes below it, against the model, where a
// Name path they do not find is refused before any request is sent.
//
// Values compared with an undeclared attribute are encoded like
// attributevalue.Marshal does, since the model cannot say how it stores
// them. Use it for conditions, filters and update removals; the model's
// own attributes are better named with Name, which catches misspellings.
func Undeclared(name string) Path { return Path{root: name, undeclared: true} }

// IsUndeclared reports whether p was started with Undeclared, so that it is
// not to be checked against a model.
func (p Path) IsUndeclared() bool { return p.undeclared }

// Field returns the path of map key name inside the map at p.
func (p Path) Field(name string) Path {
	return p.with(pathElem{name: name})
}

// Index returns the path of element i of the list at p.
func (p Path) Index(i int) Path {
	return p.with(pathElem{index: i, isIdx: true})
}

func (p Path) with(e pathElem) Path {
	elems := make([]pathElem, len(p.elems)+1)
	copy(elems, p.elems)
	elems[len(p.elems)] = e
	return Path{root: p.root, elems: elems, undeclared: p.undeclared}
}

// Root returns the top-level attribute name.
func (p Path) Root() string { return p.root }

// IsNested reports whether p dereferences into a map or list, that is whether
// it is more than a top-level attribute.
func (p Path) IsNested() bool { return len(p.elems) > 0 }

// Depth returns the number of dereferences after the top-level name.
func (p Path) Depth() int { return len(p.elems) }

// Elem returns dereference i (0 ≤ i < Depth()).
func (p Path) Elem(i int) PathElem {
	e := p.elems[i]
	return PathElem{Name: e.name, Index: e.index, IsIndex: e.isIdx}
}

// Parent returns the path without its last dereference, and false when p is
// a top-level attribute.
func (p Path) Parent() (Path, bool) {
	switch len(p.elems) {
	case 0:
		return p, false
	case 1:
		return Path{root: p.root, undeclared: p.undeclared}, true
	}
	return Path{root: p.root, elems: p.elems[: len(p.elems)-1 : len(p.elems)-1], undeclared: p.undeclared}, true
}

// Equal reports whether p and q denote the same attribute path, named the
// same way: a path started with Undeclared equals only another such path,
// since one is checked against a model and the other is not.
func (p Path) Equal(q Path) bool {
	if p.root != q.root || len(p.elems) != len(q.elems) || p.undeclared != q.undeclared {
		return false
	}
	for i := range p.elems {
		if p.elems[i] != q.elems[i] {
			return false
		}
	}
	return true
}

// Overlaps reports whether p and q are the same path or one is an ancestor
// of the other (a and a.b overlap; a.b and a.c do not; l[0] and l[1] do not).
// Whether a path was started with Name or Undeclared does not matter here:
// both name the same stored attribute.
func (p Path) Overlaps(q Path) bool {
	if p.root != q.root {
		return false
	}
	n := min(len(p.elems), len(q.elems))
	for i := 0; i < n; i++ {
		if p.elems[i] != q.elems[i] {
			return false
		}
	}
	return true
}

// Err returns nil for a valid path, or an *errs.InputError with
// RuleInvalidPath that says why the path cannot be used.
func (p Path) Err() error {
	if msg := p.problem(); msg != "" {
		return at(opPath, p, refusal(RuleInvalidPath, msg))
	}
	return nil
}

// problem returns "" for a valid path, or what is wrong with it.
func (p Path) problem() string {
	if msg := nameProblem(p.root); msg != "" {
		return "attribute " + msg
	}
	if len(p.elems) > MaxPathDepth {
		return "more than " + strconv.Itoa(MaxPathDepth) + " dereferences"
	}
	for i := range p.elems {
		e := &p.elems[i]
		if e.isIdx {
			if e.index < 0 {
				return "negative list index"
			}
		} else if msg := nameProblem(e.name); msg != "" {
			return "map key " + msg
		}
	}
	return ""
}

func nameProblem(name string) string {
	if name == "" {
		return "name is empty"
	}
	if !utf8.ValidString(name) {
		return "name is not valid UTF-8"
	}
	return ""
}

// String returns a human-readable form of the path, such as a.b[2].c, for
// error messages and debugging. Names that contain characters that would make
// the form ambiguous are quoted. It is never used in expressions.
func (p Path) String() string {
	var sb strings.Builder
	writeName(&sb, p.root)
	for _, e := range p.elems {
		if e.isIdx {
			sb.WriteByte('[')
			sb.WriteString(strconv.Itoa(e.index))
			sb.WriteByte(']')
		} else {
			sb.WriteByte('.')
			writeName(&sb, e.name)
		}
	}
	return sb.String()
}

func writeName(sb *strings.Builder, name string) {
	if plainName(name) {
		sb.WriteString(name)
	} else {
		sb.WriteString(strconv.Quote(name))
	}
}

func plainName(name string) bool {
	if name == "" || !utf8.ValidString(name) {
		return false
	}
	for _, r := range name {
		switch r {
		case '.', '[', ']', '"', '(', ')', ',', '\\':
			return false
		}
		if unicode.IsSpace(r) || !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}
