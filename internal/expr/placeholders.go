package expr

import "strconv"

// Placeholders are numbered in first-use order. The first ones come from
// these tables so that rendering does not allocate for them.
var namePlaceholders = [...]string{
	"#n0", "#n1", "#n2", "#n3", "#n4", "#n5", "#n6", "#n7", "#n8", "#n9",
	"#n10", "#n11", "#n12", "#n13", "#n14", "#n15", "#n16", "#n17", "#n18",
	"#n19", "#n20", "#n21", "#n22", "#n23", "#n24", "#n25", "#n26", "#n27",
	"#n28", "#n29", "#n30", "#n31", "#n32", "#n33", "#n34", "#n35", "#n36",
	"#n37", "#n38", "#n39", "#n40", "#n41", "#n42", "#n43", "#n44", "#n45",
	"#n46", "#n47", "#n48", "#n49", "#n50", "#n51", "#n52", "#n53", "#n54",
	"#n55", "#n56", "#n57", "#n58", "#n59", "#n60", "#n61", "#n62", "#n63",
}

var valuePlaceholders = [...]string{
	":v0", ":v1", ":v2", ":v3", ":v4", ":v5", ":v6", ":v7", ":v8", ":v9",
	":v10", ":v11", ":v12", ":v13", ":v14", ":v15", ":v16", ":v17", ":v18",
	":v19", ":v20", ":v21", ":v22", ":v23", ":v24", ":v25", ":v26", ":v27",
	":v28", ":v29", ":v30", ":v31", ":v32", ":v33", ":v34", ":v35", ":v36",
	":v37", ":v38", ":v39", ":v40", ":v41", ":v42", ":v43", ":v44", ":v45",
	":v46", ":v47", ":v48", ":v49", ":v50", ":v51", ":v52", ":v53", ":v54",
	":v55", ":v56", ":v57", ":v58", ":v59", ":v60", ":v61", ":v62", ":v63",
}

func namePlaceholder(i int) string {
	if i < len(namePlaceholders) {
		return namePlaceholders[i]
	}
	return "#n" + strconv.Itoa(i)
}

func valuePlaceholder(i int) string {
	if i < len(valuePlaceholders) {
		return valuePlaceholders[i]
	}
	return ":v" + strconv.Itoa(i)
}
