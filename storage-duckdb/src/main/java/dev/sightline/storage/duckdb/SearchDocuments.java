package dev.sightline.storage.duckdb;

import dev.sightline.server.model.Row;
import dev.sightline.server.model.RowKey;
import dev.sightline.server.model.Schema;
import dev.sightline.server.model.Table;
import dev.sightline.server.storage.QuerySemantics;
import dev.sightline.server.storage.Sort;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.util.BytesRef;

/**
 * The Lucene documents of the {@link SearchIndex}: their fields and how a trace or span row
 * becomes one. Only the text is split into words ({@link JsonWords}); ids are exact terms and doc
 * values. Not thread-safe: each indexing thread has its own, and a document must be added to the
 * index before the next one is made.
 */
final class SearchDocuments {
  /** The row's unique id ({@link #key}), to replace its document. */
  static final String KEY = "key";
  static final String PROJECT = "project";
  /** {@value #TRACE} or {@value #SPAN}. */
  static final String KIND = "kind";
  /** The trace id: a term, and sorted doc values to collect. */
  static final String TRACE = "trace";
  /** The span id (sorted doc values; span documents only); also the span {@link #KIND}. */
  static final String SPAN = "span";
  /** The words of the input and output ({@link JsonWords}); not stored. */
  static final String TEXT = "text";
  /**
   * Words are only ever matched, never scored nor searched as phrases: document ids alone, no
   * frequencies, positions or norms, which makes indexing and merging much cheaper.
   */
  private static final FieldType WORDS = new FieldType();

  static {
    WORDS.setTokenized(true);
    WORDS.setIndexOptions(IndexOptions.DOCS);
    WORDS.setOmitNorms(true);
    WORDS.freeze();
  }
  /**
   * A span's start time, epoch microseconds, 0 if it has none (as listings sort it): a point, to
   * skip whole blocks when sorting by it, and doc values.
   */
  static final String START = "start";
  /** The DuckDB load batch that wrote the row (doc values): where to find it in DuckDB. */
  static final String BATCH = "batch";

  private final JsonWords words = new JsonWords();

  /** The unique id term of a row's document: table name and key parts. */
  static String key(RowKey key) {
    return key.table().sqlName() + "\u001f" + RowCodec.keyText(key.parts());
  }

  /** The document of a trace or span row written by this load batch. */
  Document of(Row row, long batch) {
    Document doc = new Document();
    doc.add(new StringField(KEY, key(row.key()), Field.Store.NO));
    doc.add(new StringField(PROJECT, row.string(Schema.PROJECT_ID), Field.Store.NO));
    doc.add(new StringField(KIND, row.table() == Table.SPANS ? SPAN : TRACE, Field.Store.NO));
    String traceId = row.string(Schema.TRACE_ID);
    doc.add(new StringField(TRACE, traceId, Field.Store.NO));
    doc.add(new SortedDocValuesField(TRACE, new BytesRef(traceId)));
    if (row.table() == Table.SPANS) {
      doc.add(new SortedDocValuesField(SPAN, new BytesRef(row.string(Schema.SPAN_ID))));
      long start = (long) QuerySemantics.sortValue(row, Sort.START_TIME);
      doc.add(new LongPoint(START, start));
      doc.add(new NumericDocValuesField(START, start));
    }
    doc.add(new NumericDocValuesField(BATCH, batch));
    words.setTexts(row.string(Schema.INPUT), row.string(Schema.OUTPUT));
    doc.add(new Field(TEXT, words, WORDS));
    return doc;
  }
}
