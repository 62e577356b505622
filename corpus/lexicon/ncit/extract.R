load("odb.rda"); x <- get(ls()[1])
y <- unique(x[, c("nci_t", "nci_concept_display_name", "nci_concept_synonym_all")])
y <- y[!is.na(y$nci_t) & y$nci_t != "", ]
clean <- function(s) gsub("[\t\r\n]", " ", ifelse(is.na(s), "", s))
y$nci_concept_display_name <- clean(y$nci_concept_display_name)
y$nci_concept_synonym_all <- clean(y$nci_concept_synonym_all)
y <- y[order(y$nci_t, y$nci_concept_display_name), ]
# Run in corpus/lexicon/ncit/ with odb.rda beside it (SOURCE.md).
out <- "ncit_drug_synonyms.tsv"
con <- file(out, "w")
writeLines("# version: NCI Thesaurus 22.04d synonyms (with ChEMBL_30 names via Open Targets Platform 2022.02), as packaged in oncoPharmaDB 0.7.6 (github sigven/pharmOncoX e4a32ed, data/oncopharmadb.rda)", con)
writeLines("NCI_CODE\tNAME\tSYNONYMS", con)
write.table(y, con, sep = "\t", quote = FALSE, row.names = FALSE, col.names = FALSE)
close(con)
