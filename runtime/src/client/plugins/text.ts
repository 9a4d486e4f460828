/** Plugin: text responses read as the schema's number / integer / boolean, imported by generated code only for operations that document such a text body. */
export { parseTextValue as typedText } from '../body-shape.js';
