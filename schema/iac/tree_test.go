package iac

import "testing"

// TestYAMLScalar checks which strings are written plain: only those a YAML
// 1.1 or 1.2 reader gives back as the same string.
func TestYAMLScalar(t *testing.T) {
	tests := map[string]string{
		"orders":               "orders",
		"AWS::DynamoDB::Table": "AWS::DynamoDB::Table",
		"events.v2":            "events.v2",
		"N":                    `"N"`, // YAML 1.1 reads n/N as false
		"yes":                  `"yes"`,
		"Off":                  `"Off"`,
		"null":                 `"null"`,
		"~":                    `"~"`,
		"":                     `""`,
		"42":                   `"42"`,
		"1.5":                  `"1.5"`,
		"-x":                   `"-x"`,
		"a: b":                 `"a: b"`,
		"key:":                 `"key:"`,
		"#x":                   `"#x"`,
		"tab\there":            `"tab\there"`,
		"ünï":                  `"ünï"`,
		"2010-09-09":           `"2010-09-09"`,
	}
	for in, want := range tests {
		if got := yamlScalar(in); got != want {
			t.Errorf("yamlScalar(%q) = %s, want %s", in, got, want)
		}
	}
}
