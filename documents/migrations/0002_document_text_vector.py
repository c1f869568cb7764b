"""Each document's text_vector: the words of all its files' pages, kept by the
database from the DocumentPage rows, and one index over the document's own words
and that text, which the site search asks (search/engine.py).

The triggers fire once per statement that adds, changes or removes pages (the
task replacing a file's pages, a file deleted in the admin and its pages with
it, a replaced file's pages removed, a whole document deleted), so every path
keeps the vector true, in the same transaction.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.functions.comparison
from django.db import migrations, models

# A tsvector holds at most 1 MB. Text fed to it is capped: LONG_TEXT characters
# (a 200-page letter of ordinary words makes some 0.6 bytes of vector a
# character), and should a document's text still make too large a vector (a
# file of random short words, or of Chinese characters: up to 4.2 bytes a
# character, measured), SHORT_TEXT characters, which no text can take past the
# limit. Words after the cap are not found; phrases still are, their positions
# kept (past the 16,383rd word PostgreSQL counts every word at that position).
LONG_TEXT = 1_000_000
SHORT_TEXT = 200_000

TEXT_VECTOR_SQL = f"""
CREATE FUNCTION documents_write_text_vector(documents bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    one bigint;
BEGIN
    -- Locked first, in one order: two files of one document read at once each
    -- see the other's pages once it commits (every statement here takes a new
    -- snapshot).
    PERFORM 1 FROM documents_document WHERE id = ANY(documents) ORDER BY id FOR UPDATE;
    FOREACH one IN ARRAY documents LOOP
        BEGIN
            UPDATE documents_document SET text_vector = documents_text_vector(id, {LONG_TEXT})
            WHERE id = one;
        EXCEPTION WHEN program_limit_exceeded THEN
            UPDATE documents_document SET text_vector = documents_text_vector(id, {SHORT_TEXT})
            WHERE id = one;
        END;
    END LOOP;
END $$;

-- The document's pages, file by file, page by page, as one text of `cap`
-- characters at most (pages past it are not read); NULL without pages.
CREATE FUNCTION documents_text_vector(document bigint, cap integer) RETURNS tsvector
LANGUAGE sql STABLE AS $$
    SELECT setweight(to_tsvector('indonesian', text.words), 'C')
           || setweight(to_tsvector('simple', text.words), 'C')
    FROM (
        SELECT left(string_agg(page.text, E'\\n' ORDER BY page.place), cap) AS words
        FROM (
            SELECT page.text, row_number() OVER place AS place,
                   sum(length(page.text) + 1) OVER place - length(page.text) - 1 AS before
            FROM documents_documentpage page
            JOIN documents_documentfile file ON file.id = page.file_id
            WHERE page.document_id = document
            WINDOW place AS (ORDER BY file."order", file.id, page.number)
        ) page
        WHERE page.before < cap
    ) text
$$;

CREATE FUNCTION documents_pages_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Only the transition tables this trigger has are read (TG_OP).
    IF TG_OP = 'INSERT' THEN
        PERFORM documents_write_text_vector(ARRAY(SELECT DISTINCT document_id FROM added ORDER BY 1));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM documents_write_text_vector(ARRAY(SELECT DISTINCT document_id FROM removed ORDER BY 1));
    ELSE
        PERFORM documents_write_text_vector(ARRAY(
            SELECT document_id FROM added UNION SELECT document_id FROM removed ORDER BY 1
        ));
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER documents_pages_added AFTER INSERT ON documents_documentpage
REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION documents_pages_changed();
CREATE TRIGGER documents_pages_removed AFTER DELETE ON documents_documentpage
REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION documents_pages_changed();
CREATE TRIGGER documents_pages_updated AFTER UPDATE ON documents_documentpage
REFERENCING OLD TABLE AS removed NEW TABLE AS added
FOR EACH STATEMENT EXECUTE FUNCTION documents_pages_changed();

SELECT documents_write_text_vector(ARRAY(
    SELECT DISTINCT document_id FROM documents_documentpage ORDER BY 1
));
"""  # noqa: S608 (the caps are constants)

DROP_TEXT_VECTOR_SQL = """
DROP TRIGGER documents_pages_added ON documents_documentpage;
DROP TRIGGER documents_pages_removed ON documents_documentpage;
DROP TRIGGER documents_pages_updated ON documents_documentpage;
DROP FUNCTION documents_pages_changed();
DROP FUNCTION documents_write_text_vector(bigint[]);
DROP FUNCTION documents_text_vector(bigint, integer);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_documents"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="text_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, serialize=False
            ),
        ),
        migrations.RunSQL(TEXT_VECTOR_SQL, DROP_TEXT_VECTOR_SQL),
        # Matching reads the one index below; search_vector alone, small, ranks.
        migrations.RemoveIndex(model_name="document", name="documents_doc_search_idx"),
        migrations.AddIndex(
            model_name="document",
            index=django.contrib.postgres.indexes.GinIndex(
                models.Func(
                    models.F("search_vector"),
                    django.db.models.functions.comparison.Coalesce(
                        models.F("text_vector"),
                        django.db.models.functions.comparison.Cast(
                            models.Value(""), django.contrib.postgres.search.SearchVectorField()
                        ),
                    ),
                    arg_joiner=" || ",
                    output_field=django.contrib.postgres.search.SearchVectorField(),
                    template="(%(expressions)s)",
                ),
                name="documents_doc_words_idx",
            ),
        ),
    ]
