// Express 4 installed under an alias beside Express 5; its API is typed well enough by 5's types.
declare module 'express4' {
  import express from 'express';
  export default express;
}
