package review

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/model"
)

// kitchenSink reports entity types whose items share partition-key values
// with other types in the same table, when no declared access pattern
// (ReadTogether) reads them together.
func (c *config) kitchenSink() []Finding {
	type group struct {
		table, attr, shape string
		metas              []*entity.Meta
	}
	var groups []*group
	for _, m := range c.metas {
		pk := m.PrimaryKey().Partition[0]
		shape := partitionShape(m, pk.Name, string(pk.Type))
		i := slices.IndexFunc(groups, func(g *group) bool {
			return g.table == m.Table() && g.attr == pk.Name && g.shape == shape
		})
		if i < 0 {
			groups = append(groups, &group{table: m.Table(), attr: pk.Name, shape: shape})
			i = len(groups) - 1
		}
		groups[i].metas = append(groups[i].metas, m)
	}
	var out []Finding
	for _, g := range groups {
		if len(g.metas) < 2 {
			continue
		}
		for _, m := range g.metas {
			if c.readWithOther(m, g.metas) {
				continue
			}
			var others []string
			for _, o := range g.metas {
				if o != m {
					others = append(others, o.TypeName())
				}
			}
			values := g.attr
			if !strings.HasPrefix(g.shape, "{}:") {
				values = fmt.Sprintf("%s = %s", g.attr, g.shape)
			}
			out = append(out, Finding{Code: KitchenSink, Table: g.table, Entity: m.TypeName(), Attribute: g.attr,
				Reason: fmt.Sprintf("%s shares partition-key values (%s) with %s in table %s, and no declared access pattern reads %s together with them: each item collection mixes the types, a Query of one type reads past the others, and the collection's size grows with all of them (10 GB with a local index)",
					m.TypeName(), values, joinAnd(others), g.table, m.TypeName()),
				Fix: fmt.Sprintf("give %s a partition key of its own (another prefix, or a table of its own) unless one Query reads it with the others; if one does, declare it with review.ReadTogether", m.TypeName())})
		}
	}
	return out
}

func (c *config) readWithOther(m *entity.Meta, group []*entity.Meta) bool {
	for _, set := range c.together {
		if !slices.Contains(set, m) {
			continue
		}
		for _, o := range set {
			if o != m && slices.Contains(group, o) {
				return true
			}
		}
	}
	return false
}

var component = regexp.MustCompile(`\{[^}]*\}`)

// partitionShape is what an entity's partition-key values look like: its
// template with the components blanked ("USER#{}"), or "{}" and the type
// for a plain attribute. Types with the same shape can share values.
func partitionShape(m *entity.Meta, attr, typ string) string {
	for _, tp := range model.Of(m).Templates() {
		if tp.Attribute == attr {
			return component.ReplaceAllString(tp.String(), "{}")
		}
	}
	return "{}" + ":" + typ
}

func joinAnd(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
