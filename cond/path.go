package cond

import "github.com/dynamodel/dynamodel/internal/expr"

// MaxPathDepth is the largest number of dereferences (map keys and list
// indexes after the top-level name) DynamoDB accepts in a document path.
const MaxPathDepth = expr.MaxPathDepth

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
// built freely; they are refused, with RuleInvalidPath, before any request
// that uses them is sent.
//
// The entity-aware packages (entity, query, update, txn) check every path
// against the entity's model before sending a request: a top-level name the
// model does not declare, or a field its Go type does not have, is refused.
// A path started with Undeclared is exempt from that check.
//
// Its representation is the library's internal one, so that the packages
// that render requests read it without a copy.
type Path expr.Path

// Name returns the path of a top-level attribute. The name is taken literally.
//
// Where a request is built for an entity, the name must be one the entity's
// model declares (or a key or metadata attribute of it); use Undeclared for
// any other attribute.
func Name(name string) Path { return Path(expr.Name(name)) }

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
func Undeclared(name string) Path { return Path(expr.Undeclared(name)) }

// Field returns the path of map key name inside the map at p.
func (p Path) Field(name string) Path { return Path(expr.Path(p).Field(name)) }

// Index returns the path of element i of the list at p.
func (p Path) Index(i int) Path { return Path(expr.Path(p).Index(i)) }

// String returns a human-readable form of the path, such as a.b[2].c, for
// error messages and debugging. Names that contain characters that would make
// the form ambiguous are quoted. It is never used in expressions.
func (p Path) String() string { return expr.Path(p).String() }
