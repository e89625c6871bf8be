package model

import (
	"fmt"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// storedVersion is the schema version a stored item was written with: its
// "_v" attribute, or 1 when it has none (items written before versions were
// stamped, or by other code).
func storedVersion(raw map[string]types.AttributeValue) (int, error) {
	av, ok := raw[VersionAttribute]
	if !ok {
		return 1, nil
	}
	n, ok := av.(*types.AttributeValueMemberN)
	if !ok {
		return 0, fmt.Errorf("schema version must be a number, got %s", describeAV(av))
	}
	v, err := strconv.Atoi(n.Value)
	if err != nil || v < 1 {
		return 0, fmt.Errorf("schema version %q is not a whole number ≥ 1", n.Value)
	}
	return v, nil
}

// upgradeSteps runs the declared upgrade steps on raw, from its stored
// version to the model's, and returns the result with the stored version.
// It returns raw itself when the item is current, else a deep copy, so the
// caller's map (and a failure's Raw) stays as stored. Every read and every
// upgrade write goes through it, so an item is upgraded one way only. A
// failure names the attribute at fault (empty for a failed step).
func (m *Meta) upgradeSteps(raw map[string]types.AttributeValue) (out map[string]types.AttributeValue, stored int, attr string, err error) {
	stored, err = storedVersion(raw)
	if err != nil {
		return nil, 0, VersionAttribute, err
	}
	if stored > m.version {
		return nil, stored, VersionAttribute, fmt.Errorf("%w: item has version %d, %s knows versions up to %d", ErrUnknownVersion, stored, m.typeName, m.version)
	}
	if stored == m.version {
		return raw, stored, "", nil
	}
	// A deep copy: a step that changes a nested value in place must not
	// reach the stored item the caller holds.
	copied := make(map[string]types.AttributeValue, len(raw)+len(m.attrs)+1)
	for name, av := range raw {
		copied[name] = copyAV(av)
	}
	raw = copied
	for s := stored; s < m.version; s++ {
		step := m.upgrades[s-1]
		if step == nil {
			continue
		}
		if err := step(raw); err != nil {
			return nil, stored, "", fmt.Errorf("schema upgrade from version %d to %d failed: %w", s, s+1, err)
		}
	}
	return raw, stored, "", nil
}

// UpgradeItem returns the stored item raw as the model's current schema
// version stores it, the way every read sees it, with the version it was
// stored at. For an item of an older version that is a new map: the
// upgrade steps declared with WithUpgrade applied from its stored version,
// every attribute with a default= that the item lacks set to its default,
// and "_v" set to the model's version. An item already at the model's
// version is returned as it is. raw is never modified (steps work on a deep
// copy, so one that changes nested values in place cannot reach it; reads
// work the same way).
//
// A "_v" that is not a whole number ≥ 1 is a *DecodeError (stored version
// 0); an item of a version newer than the model one matching
// ErrUnknownVersion, with the stored version; a failing step one matching
// ErrDecode. The result is not decoded nor validated: Decode it to check
// that it reads back.
func (m *Meta) UpgradeItem(table string, raw map[string]types.AttributeValue) (map[string]types.AttributeValue, int, error) {
	stored, err := storedVersion(raw)
	if err == nil && stored == m.version {
		return raw, stored, nil
	}
	up, stored, attr, err := m.upgradeSteps(raw)
	if err != nil {
		return nil, stored, &DecodeError{Table: table, Key: m.keyString(raw), Attribute: attr, Err: err}
	}
	// A default fills what a read would fill: an attribute the item lacks
	// under its name and under any other case of it (which a read decodes
	// instead, as attributevalue does).
	folded := foldFallback(m.dec, m.attrIndex, up)
	for i := range m.attrs {
		a := &m.attrs[i]
		if _, ok := up[a.Name]; ok || a.Default == nil {
			continue
		}
		if _, ok := folded[i]; ok {
			continue
		}
		up[a.Name] = a.Default
	}
	up[VersionAttribute] = &types.AttributeValueMemberN{Value: strconv.Itoa(m.version)}
	return up, stored, nil
}

// copyAV copies an attribute value deeply: lists, maps, sets and binary
// values get their own storage.
func copyAV(av types.AttributeValue) types.AttributeValue {
	switch v := av.(type) {
	case *types.AttributeValueMemberM:
		m := make(map[string]types.AttributeValue, len(v.Value))
		for k, e := range v.Value {
			m[k] = copyAV(e)
		}
		return &types.AttributeValueMemberM{Value: m}
	case *types.AttributeValueMemberL:
		l := make([]types.AttributeValue, len(v.Value))
		for i, e := range v.Value {
			l[i] = copyAV(e)
		}
		return &types.AttributeValueMemberL{Value: l}
	case *types.AttributeValueMemberSS:
		return &types.AttributeValueMemberSS{Value: append([]string(nil), v.Value...)}
	case *types.AttributeValueMemberNS:
		return &types.AttributeValueMemberNS{Value: append([]string(nil), v.Value...)}
	case *types.AttributeValueMemberBS:
		bs := make([][]byte, len(v.Value))
		for i, b := range v.Value {
			bs[i] = append([]byte(nil), b...)
		}
		return &types.AttributeValueMemberBS{Value: bs}
	case *types.AttributeValueMemberB:
		return &types.AttributeValueMemberB{Value: append([]byte(nil), v.Value...)}
	case *types.AttributeValueMemberS:
		return &types.AttributeValueMemberS{Value: v.Value}
	case *types.AttributeValueMemberN:
		return &types.AttributeValueMemberN{Value: v.Value}
	case *types.AttributeValueMemberBOOL:
		return &types.AttributeValueMemberBOOL{Value: v.Value}
	case *types.AttributeValueMemberNULL:
		return &types.AttributeValueMemberNULL{Value: v.Value}
	}
	return av
}

// UpgradeError reports a write that met a stored item at another schema
// version than the model's and could not bring it to the current one, so
// nothing of the write was applied. Stored and Model are the two versions
// (Stored is 0 when the item's "_v" is not a version at all). Err says
// why: a *DecodeError matching ErrUnknownVersion when the item is newer
// than the model (a newer version of the program wrote it), or the
// *DecodeError or *ValidationError of the upgraded item (a failing step
// is a *DecodeError), ErrConditionFailed when other writers kept changing
// the item while it was being upgraded, or the failed request's error.
type UpgradeError struct {
	Table  string
	Key    string
	Stored int
	Model  int
	Err    error
}

func (e *UpgradeError) Error() string {
	return fmt.Sprintf("dynamodel: %s %s: the item is stored at schema version %d and the model is at version %d; cannot upgrade it: %v",
		e.Table, e.Key, e.Stored, e.Model, e.Err)
}

func (e *UpgradeError) Unwrap() error { return e.Err }
