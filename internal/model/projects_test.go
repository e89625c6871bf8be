package model

import "testing"

// A model with an index of each projection, global and local.
type projected struct {
	Model   `ddb:"table=projected,type=Projected,project=Keys:KEYS_ONLY,project=Some:INCLUDE(note,legacy),project=Near:INCLUDE(note)"`
	ID      string `dynamodbav:"id" ddb:"pk"`
	Seq     int    `dynamodbav:"seq" ddb:"sk"`
	Owner   string `dynamodbav:"owner" ddb:"gsi=Keys:pk1,gsi=All:pk1"`
	Created string `dynamodbav:"created" ddb:"gsi=Keys:sk1,gsi=Some:pk1"`
	Door    string `dynamodbav:"door" ddb:"lsi=Near"`
	Note    string `dynamodbav:"note"`
	Status  string `dynamodbav:"status"`
}

func TestProjectsFollowsTheDeclaredProjection(t *testing.T) {
	m, err := Register[projected]()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		index, attr string
		want        bool
	}{
		{"All", "status", true},
		{"All", "anything", true},
		{"Keys", "id", true},      // the table's keys
		{"Keys", "seq", true},     //
		{"Keys", "owner", true},   // the index's keys
		{"Keys", "created", true}, //
		{"Keys", "status", false},
		{"Keys", "note", false},
		{"Keys", VersionAttribute, false}, // KEYS_ONLY holds no metadata
		{"Keys", TypeAttribute, false},
		{"Some", "created", true},
		{"Some", "id", true},
		{"Some", "note", true},
		{"Some", "legacy", true}, // listed, though the model does not declare it
		{"Some", VersionAttribute, true},
		{"Some", TypeAttribute, true},
		{"Some", "owner", false}, // another index's key
		{"Some", "status", false},
		{"Near", "door", true},
		{"Near", "note", true},
		{"Near", "status", false},
		{"None", "id", false}, // no such index
	}
	for _, c := range cases {
		if got := m.Projects(c.index, c.attr); got != c.want {
			t.Errorf("Projects(%s, %s) = %v, want %v", c.index, c.attr, got, c.want)
		}
	}
	for index, want := range map[string]string{"All": "ALL", "Keys": "KEYS_ONLY", "Some": "INCLUDE(note,legacy)"} {
		if ix, _ := m.Index(index); ix.Projection.String() != want {
			t.Errorf("projection of %s = %s, want %s", index, ix.Projection, want)
		}
	}
}
