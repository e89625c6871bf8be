package expr

import (
	"maps"

	"github.com/dynamodel/dynamodel/internal/errs"
)

// Preset is a list of top-level attribute names with their projection
// expression and placeholder map worked out once, for requests that name the
// same attributes again and again (a query with the same projection run many
// times). Builder.Start registers a Preset's names first, as #n0, #n1, ...,
// so the Preset's projection expression is valid for that request, and
// Builder.Names copies the prepared placeholder map instead of building one.
//
// A Preset never changes and is safe for concurrent use.
type Preset struct {
	names      []string
	projection string
	// placeholders maps #n0, #n1, ... to names; Names clones it.
	placeholders map[string]string
}

// presetCapacity is the size hint for a Preset's placeholder map of n
// names: as many names as fit in the table that n names need anyway (Go's
// maps fill groups of 8 slots to 7/8), so a few names a request adds after
// the preset (a filter on other attributes) fit in the cloned map without
// making every clone bigger.
func presetCapacity(n int) int {
	if n <= 8 {
		return 8
	}
	slots := 16
	for slots*7/8 < n {
		slots *= 2
	}
	return slots * 7 / 8
}

// NewPreset prepares names, in this order. It refuses an invalid name (with
// RuleInvalidPath) and a name given twice (RuleOverlappingPaths,
// as a projection naming it twice would be).
func NewPreset(names ...string) (*Preset, error) {
	p := &Preset{
		names:        make([]string, len(names)),
		placeholders: make(map[string]string, presetCapacity(len(names))),
	}
	buf := make([]byte, 0, 6*len(names))
	for i, n := range names {
		path := Name(n)
		if msg := path.problem(); msg != "" {
			return nil, at(opPreset, path, refusal(RuleInvalidPath, msg))
		}
		for _, m := range names[:i] {
			if m == n {
				return nil, at(opPreset, path, refusal(RuleOverlappingPaths, "named twice"))
			}
		}
		p.names[i] = n
		p.placeholders[namePlaceholder(i)] = n
		if i > 0 {
			buf = append(buf, ", "...)
		}
		buf = append(buf, namePlaceholder(i)...)
	}
	p.projection = string(buf)
	return p, nil
}

// Projection is the projection expression reading the Preset's names, such
// as "#n0, #n1, #n2". It is valid in a request whose Builder was started
// with the Preset.
func (p *Preset) Projection() string { return p.projection }

// Names lists the Preset's names in placeholder order.
func (p *Preset) Names() []string { return append([]string(nil), p.names...) }

// Start registers p's names as the first name placeholders of the request,
// #n0 for p's first name and so on. It must be called on an empty Builder
// (new or Reset); on one that already has names or values it returns an
// refusal with RulePresetNotFirst and changes nothing.
func (b *Builder) Start(p *Preset) error {
	if len(b.names) > 0 || len(b.values) > 0 || b.preset != nil {
		return &errs.InputError{Op: opPreset, Rule: RulePresetNotFirst, Detail: "a preset must be the first thing registered"}
	}
	b.names = append(b.names, p.names...)
	b.indexIfMany()
	b.preset = p
	return nil
}

// presetNames returns the placeholder map of a Builder started with a
// Preset: a copy of the Preset's map plus the names registered since.
func (b *Builder) presetNames() map[string]string {
	m := maps.Clone(b.preset.placeholders)
	for i := len(b.preset.names); i < len(b.names); i++ {
		m[namePlaceholder(i)] = b.names[i]
	}
	return m
}

// Preset returns the names registered so far, in placeholder order, as a
// Preset: a request that registers the same names the same way can Start
// with it instead.
func (b *Builder) Preset() (*Preset, error) {
	return NewPreset(b.names...)
}
