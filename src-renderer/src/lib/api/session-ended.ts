// What a tab hears when the web host no longer knows its token (Alveo restarted or stopped). Its
// own file, free of DOM types, so state modules tested under Node can recognise it.
export const SESSION_ENDED =
  'This tab belongs to an Alveo session that has ended (Alveo was restarted or closed). Open the new address Alveo printed when it started.';
